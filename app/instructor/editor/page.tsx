import Link from 'next/link';
import { db } from '@/lib/db';
import { editorExercises } from '@/lib/queries/instructor-pages';
import { pageInstructor } from '../../ui/require-user';
import { InstructorNumericEditor } from '../../ui/instructor-numeric-editor';
import { instructorTitle } from '../page-title';
import { getTranslations } from 'next-intl/server';

export const dynamic = 'force-dynamic';

export function generateMetadata() {
  return instructorTitle('newNumeric');
}

export default async function NewNumericExercise() {
  await pageInstructor('/instructor/editor');
  const t = await getTranslations('instructorPages');
  const te = await getTranslations('editorPage');
  const mine = await editorExercises(db());
  return (
    <>
      <h1>{t('newNumeric')}</h1>
      {mine.length > 0 && (
        <p className="muted">{te('mine')} {mine.map((e, i) => <span key={e.id}>{i > 0 && ', '}<Link href={`/instructor/editor/${e.id}`}>{e.title}</Link></span>)}</p>
      )}
      <p className="muted">{te('newIntro')}</p>
      <InstructorNumericEditor />
    </>
  );
}

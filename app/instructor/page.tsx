import Link from 'next/link';
import { db } from '@/lib/db';
import { classProgress, compactMatrix, summarizeMatrix } from '@/lib/instructor/class-progress';
import { ClassMatrix } from '../ui/class-matrix';
import { pageInstructor } from '../ui/require-user';
import { instructorTitle } from './page-title';
import { getTranslations } from 'next-intl/server';

export const dynamic = 'force-dynamic';

export function generateMetadata() {
  return instructorTitle('instructor');
}

export default async function InstructorHome() {
  await pageInstructor('/instructor');
  const t = await getTranslations('instructorPages');
  const p = await classProgress({ db: db() });
  return (
    <>
      <h1>{t('progress')}</h1>
      <p className="muted">{t.rich('progressIntro', { link: (chunks) => <Link href="/instructor/export">{chunks}</Link> })}</p>
      <div className="card">
        <ClassMatrix data={compactMatrix(p, summarizeMatrix(p))} />
      </div>
    </>
  );
}

import { db } from '@/lib/db';
import { linkableExercises } from '@/lib/queries/instructor-pages';
import { checklistAdmin } from '@/lib/instructor/checklist-admin';
import { pageInstructor } from '../../ui/require-user';
import { InstructorChecklistEditor } from '../../ui/instructor-checklist-editor';
import { instructorTitle } from '../page-title';
import { getTranslations } from 'next-intl/server';

export const dynamic = 'force-dynamic';

export function generateMetadata() {
  return instructorTitle('checklistAdmin');
}

export default async function ChecklistAdminPage() {
  const user = await pageInstructor('/instructor/checklist');
  const t = await getTranslations('instructorPages');
  const data = await checklistAdmin({ db: db(), user });
  const exercises = await linkableExercises(db());
  return (
    <>
      <h1>{t('checklist')}</h1>
      <p className="muted">{t('checklistIntro')}</p>
      {data ? <InstructorChecklistEditor data={data} exercises={exercises} /> : <div className="card">{t('noCourse')}</div>}
    </>
  );
}

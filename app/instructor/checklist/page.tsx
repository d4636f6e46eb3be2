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
      <p className="muted">
        Items added here are kept in the database. Weeks and items marked “from course.yaml” come from content/course.yaml and
        the exercise folders, which are read again at every start: edit them there.
      </p>
      {data ? <InstructorChecklistEditor data={data} exercises={exercises} /> : <div className="card">No course has been loaded yet.</div>}
    </>
  );
}

import Link from 'next/link';
import { db } from '@/lib/db';
import { authoredForEdit } from '@/lib/instructor/authored-exercises';
import { pageInstructor } from '../../../ui/require-user';
import { InstructorNumericEditor } from '../../../ui/instructor-numeric-editor';
import { InstructorActionButton } from '../../../ui/instructor-action-button';
import { or404, shortTime } from '../../guard';
import { exerciseTitle, exerciseWithTimeZone } from '@/lib/queries/instructor-pages';
import { instructorTitle } from '../../page-title';

export const dynamic = 'force-dynamic';

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return instructorTitle('editNumeric', async () => {
    const title = await exerciseTitle(db(), id);
    return title === null ? null : { title };
  });
}

export default async function EditNumericExercise({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ saved?: string }> }) {
  const { id } = await params;
  const { saved } = await searchParams;
  const user = await pageInstructor(`/instructor/editor/${id}`);
  const data = await or404(authoredForEdit({ db: db(), user, exerciseId: id }));
  const { exercise: ex, timeZone } = await exerciseWithTimeZone(db(), id);
  return (
    <>
      <p className="muted"><Link href="/instructor/exercises">Exercises</Link> › <Link href={`/instructor/exercises/${id}`}>{id}</Link> › editor</p>
      <h1>{data.def.title}</h1>
      {saved && <p className="notice" role="status">Saved. Students see it at <Link href={`/exercises/${id}`}>/exercises/{id}</Link> and on the week {data.def.week} checklist.</p>}
      <p className="muted">
        Versions: {data.versions.map((v) => `${v.version}${v.version === data.version ? ' (current)' : ''} ${shortTime(v.createdAt, timeZone)}, ${v.students} started`).join(' · ')}
      </p>
      <p>
        <InstructorActionButton
          url={`/api/instructor/authored/${id}`}
          body={{ archived: !ex.archived }}
          label={ex.archived ? 'Show to students again' : 'Hide from students'}
          secondary
          done={ex.archived ? 'Visible to students again.' : 'Hidden from students.'}
        />{' '}
        <a className="button secondary" href={`/api/instructor/authored/${id}/file`} download>Download {id}.json</a>
      </p>
      <p className="muted">To keep it in git, commit the file as <code>exercises/authored/{id}.json</code>: <code>npx convgrade validate</code> checks it and every start loads it.</p>
      <InstructorNumericEditor initial={data.def} editing />
    </>
  );
}

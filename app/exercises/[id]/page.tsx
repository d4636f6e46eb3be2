import path from 'node:path';
import fs from 'node:fs';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { db } from '@/lib/db';
import { exercisesRoot, loadExercise } from '@/exercises/load';
import { getVariant, variantSeed, workedSolution } from '@/exercises/numeric';
import { pageUser } from '../../ui/require-user';
import { Markdown } from '../../ui/markdown';
import { NumericForm } from '../../ui/numeric-form';
import { CodeForm } from '../../ui/code-form';
import { ModelForm } from '../../ui/model-form';

export const dynamic = 'force-dynamic';

export default async function ExercisePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await pageUser(`/exercises/${id}`);
  const exercise = await db().exercise.findUnique({ where: { id } });
  if (!exercise || exercise.archived) notFound();
  const dir = path.join(exercisesRoot(), id);
  const info = fs.existsSync(path.join(dir, 'exercise.yaml')) ? loadExercise(dir) : null;
  const submissions = await db().submission.findMany({
    where: { userId: user.id, exerciseId: id },
    orderBy: { createdAt: 'desc' },
    take: 20,
  });
  const afterDeadline = !!exercise.deadline && exercise.deadline.getTime() < Date.now();
  const attemptsUsed = submissions.filter((s) => s.mode === 'submit' && s.gradable !== false && s.status !== 'failed').length;

  let body: React.ReactNode = null;
  if (exercise.kind === 'numeric') {
    const seed = variantSeed(user.id, id);
    const variant = getVariant(id, seed);
    body = (
      <>
        <div className="card"><Markdown>{variant.prompt}</Markdown></div>
        <div className="card">
          <h2>Your answer</h2>
          <NumericForm exerciseId={id} fields={variant.fields} />
        </div>
        {afterDeadline && (
          <div className="card"><h2>Worked solution</h2><Markdown>{workedSolution(id, seed)}</Markdown></div>
        )}
      </>
    );
  } else if (exercise.kind === 'code' && info) {
    body = (
      <>
        <div className="card"><Markdown>{info.prompt}</Markdown></div>
        <div className="card">
          <h2>Your code</h2>
          <CodeForm exerciseId={id} languages={info.meta.languages} starters={info.starters} />
        </div>
      </>
    );
  } else if (exercise.kind === 'model' && info) {
    const starter = fs.existsSync(path.join(dir, 'starter.yaml')) ? fs.readFileSync(path.join(dir, 'starter.yaml'), 'utf8') : '';
    body = (
      <>
        <div className="card"><Markdown>{info.prompt}</Markdown></div>
        <div className="card">
          <h2>Your model</h2>
          <ModelForm exerciseId={id} starter={starter} settings={info.meta.settings} />
        </div>
      </>
    );
  }

  return (
    <>
      <p className="muted"><Link href="/exercises">Exercises</Link> › week {exercise.week}</p>
      <h1>{exercise.title}</h1>
      <p className="muted">
        {exercise.points} points
        {exercise.deadline && <> · due {exercise.deadline.toISOString().replace('T', ' ').slice(0, 16)} UTC</>}
        {exercise.maxAttempts != null && <> · {Math.max(0, exercise.maxAttempts - attemptsUsed)} of {exercise.maxAttempts} attempts left</>}
        {exercise.dailyCap != null && <> · at most {exercise.dailyCap} per day</>}
      </p>
      {body}
      <div className="card">
        <h2>Your submissions</h2>
        {submissions.length === 0 ? (
          <p className="muted">None yet.</p>
        ) : (
          <table>
            <tbody>
              {submissions.map((s) => (
                <tr key={s.id}>
                  <td><Link href={`/submissions/${s.id}`}>{s.createdAt.toISOString().replace('T', ' ').slice(0, 19)}</Link></td>
                  <td><span className={`badge ${s.status}`}>{s.status}</span>{s.mode === 'visible' && <span className="badge">visible tests only</span>}</td>
                  <td>{s.score != null ? `${s.score} / ${s.maxScore}` : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </>
  );
}

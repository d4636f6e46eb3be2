import Link from 'next/link';
import { db } from '@/lib/db';
import { pageUser } from '../ui/require-user';

export const dynamic = 'force-dynamic';

export default async function ExercisesPage() {
  const user = await pageUser('/exercises');
  const exercises = await db().exercise.findMany({ where: { archived: false }, orderBy: [{ week: 'asc' }, { id: 'asc' }] });
  const best = await db().submission.groupBy({
    by: ['exerciseId'],
    where: { userId: user.id, mode: 'submit', status: 'graded' },
    _max: { score: true },
    _count: { _all: true },
  });
  const byId = new Map(best.map((b) => [b.exerciseId, b]));
  const weeks = [...new Set(exercises.map((e) => e.week))];
  return (
    <>
      <h1>Exercises</h1>
      {weeks.map((week) => (
        <section className="card" key={week}>
          <h2>Week {week}</h2>
          <table>
            <thead>
              <tr><th>Exercise</th><th>Kind</th><th>Your best</th><th>Deadline</th></tr>
            </thead>
            <tbody>
              {exercises.filter((e) => e.week === week).map((e) => {
                const b = byId.get(e.id);
                return (
                  <tr key={e.id}>
                    <td><Link href={`/exercises/${e.id}`}>{e.title}</Link></td>
                    <td>{e.kind}</td>
                    <td>{b?._max.score != null ? `${b._max.score} / ${e.points}` : <span className="muted">not attempted</span>}</td>
                    <td>{e.deadline ? e.deadline.toISOString().replace('T', ' ').slice(0, 16) + ' UTC' : <span className="muted">none</span>}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </section>
      ))}
    </>
  );
}

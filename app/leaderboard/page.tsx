import { db } from '@/lib/db';
import { pageUser } from '../ui/require-user';
import { leaderboardFor } from '@/lib/instructor/leaderboard-rows';
import { courseTime } from '@/lib/course/time-display';

export const dynamic = 'force-dynamic';

export default async function LeaderboardPage() {
  const user = await pageUser('/leaderboard');
  const exercises = await db().exercise.findMany({ where: { kind: 'model', archived: false }, orderBy: { id: 'asc' } });
  const timeZone = (await db().course.findFirst({ select: { timeZone: true } }))?.timeZone ?? 'UTC';
  if (exercises.length === 0) return <div className="card"><h1>Leaderboard</h1><p className="muted">No model challenge is open yet.</p></div>;
  return (
    <>
      <h1>Leaderboard</h1>
      {await Promise.all(
        exercises.map(async (e) => {
          const board = await leaderboardFor({ db: db(), exercise: e, viewer: user });
          return (
            <section className="card" key={e.id}>
              <h2>{e.title}</h2>
              <p className="muted" data-testid="reveal-rule">{revealRule(board.showPrivate, e.deadline, timeZone)}</p>
              {board.rows.length === 0 ? (
                <p className="muted">No entries yet.</p>
              ) : (
                <table data-testid="leaderboard">
                  <thead><tr><th>#</th><th>Student</th><th>Accuracy</th><th>Parameters</th><th>Training time</th><th>Submitted</th></tr></thead>
                  <tbody>
                    {board.rows.map((r, i) => (
                      <tr key={r.submissionId} style={r.userId === user.id ? { fontWeight: 600 } : undefined}>
                        <td>{i + 1}</td><td>{r.name}</td><td>{(r.accuracy * 100).toFixed(2)}%</td><td>{r.params.toLocaleString('en')}</td><td>{r.seconds.toFixed(1)} s</td><td>{courseTime(r.createdAt, timeZone)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </section>
          );
        }),
      )}
    </>
  );
}

/** Says when the private half opens only when there is such a moment (the deadline, or the instructor's choice). */
function revealRule(shown: boolean, deadline: Date | null, timeZone: string): string {
  if (shown) return 'Ranked by private accuracy (revealed).';
  if (deadline) return `Ranked by public accuracy; the private half is revealed after the deadline, ${courseTime(deadline, timeZone)}.`;
  return 'Ranked by public accuracy; the private half is revealed when the instructor publishes it.';
}

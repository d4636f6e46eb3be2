import { db } from '@/lib/db';
import { pageUser } from '../ui/require-user';
import { leaderboardFor } from '@/lib/instructor/leaderboard-rows';

export const dynamic = 'force-dynamic';

export default async function LeaderboardPage() {
  const user = await pageUser('/leaderboard');
  const exercises = await db().exercise.findMany({ where: { kind: 'model', archived: false }, orderBy: { id: 'asc' } });
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
              <p className="muted">{board.showPrivate ? 'Ranked by private accuracy (revealed).' : 'Ranked by public accuracy; the private half is revealed after the deadline.'}</p>
              {board.rows.length === 0 ? (
                <p className="muted">No entries yet.</p>
              ) : (
                <table data-testid="leaderboard">
                  <thead><tr><th>#</th><th>Student</th><th>Accuracy</th><th>Parameters</th><th>Training time</th><th>Submitted</th></tr></thead>
                  <tbody>
                    {board.rows.map((r, i) => (
                      <tr key={r.submissionId} style={r.userId === user.id ? { fontWeight: 600 } : undefined}>
                        <td>{i + 1}</td><td>{r.name}</td><td>{(r.accuracy * 100).toFixed(2)}%</td><td>{r.params.toLocaleString('en')}</td><td>{r.seconds.toFixed(1)} s</td><td>{r.createdAt.toISOString().slice(0, 16).replace('T', ' ')}</td>
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

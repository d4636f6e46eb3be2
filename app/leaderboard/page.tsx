import { db } from '@/lib/db';
import { formatInTimeZone } from '@/lib/course/deadline';
import { pageUser } from '../ui/require-user';
import { leaderboardFor } from '@/lib/instructor/leaderboard-rows';
import { courseTime } from '@/lib/course/time-display';

export const dynamic = 'force-dynamic';

type Board = Awaited<ReturnType<typeof leaderboardFor>>;

function Table({ rows, viewerId, testId }: { rows: Board['rows']; viewerId: string; testId: string }) {
  return (
    <table data-testid={testId}>
      <thead><tr><th>#</th><th>Student</th><th>Accuracy</th><th>Parameters</th><th>Training time</th><th>Submitted</th></tr></thead>
      <tbody>
        {rows.map((r, i) => (
          <tr key={r.submissionId} style={r.userId === viewerId ? { fontWeight: 600 } : undefined}>
            <td>{i + 1}</td>
            <td>{r.name}{r.evaluatedOnly && <> <span className="badge">evaluated only</span></>}</td>
            <td>{(r.accuracy * 100).toFixed(2)}%</td>
            <td>{r.params.toLocaleString('en')}</td>
            <td>{r.evaluatedOnly ? '–' : `${r.seconds.toFixed(1)} s`}</td>
            <td>{r.createdAt.toISOString().slice(0, 16).replace('T', ' ')}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export default async function LeaderboardPage() {
  const user = await pageUser('/leaderboard');
  const exercises = await db().exercise.findMany({ where: { kind: 'model', archived: false }, orderBy: { id: 'asc' } });
  if (exercises.length === 0) return <div className="card"><h1>Leaderboard</h1><p className="muted">No model challenge is open yet.</p></div>;
  const timeZone = (await db().course.findFirst({ select: { timeZone: true } }))?.timeZone ?? 'UTC';
  return (
    <>
      <h1>Leaderboard</h1>
      {await Promise.all(
        exercises.map(async (e) => {
          const board = await leaderboardFor({ db: db(), exercise: e, viewer: user });
          const when = board.closesAt ? ` once every submission window has closed (${formatInTimeZone(board.closesAt, timeZone)}, extensions and late days included) or when the instructor reveals it` : ' when the instructor reveals it';
          return (
            <section className="card" key={e.id}>
              <h2>{e.title}</h2>
              <p className="muted" data-testid="reveal-note">
                {board.showPrivate
                  ? 'Ranked by private accuracy (revealed). Choices of the submission that counts are final.'
                  : `Ranked by public accuracy; the private half is revealed${when}. Until then you may choose which submission counts.`}
              </p>
              {board.rows.length === 0 ? <p className="muted">No trained entries yet.</p> : <Table rows={board.rows} viewerId={user.id} testId="leaderboard" />}
              {board.evaluatedOnly && board.evaluatedOnly.length > 0 && (
                <>
                  <h3>Uploaded weights (evaluated only)</h3>
                  <p className="muted" data-testid="evaluated-only-note">
                    These models were trained elsewhere and only evaluated here. The MNIST test set is public, so uploaded weights may have been trained on the very
                    images that score them: they are ranked apart from models trained here.
                  </p>
                  <Table rows={board.evaluatedOnly} viewerId={user.id} testId="leaderboard-evaluated-only" />
                </>
              )}
              {board.evaluatedOnly === null && (
                <p className="muted" data-testid="evaluated-only-note">Uploaded trained weights are not ranked here: they are only evaluated, and the MNIST test set is public.</p>
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

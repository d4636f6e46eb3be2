import Link from 'next/link';
import { db } from '@/lib/db';
import { attemptStatus, studentDeadline } from '@/lib/submissions/policy';
import { formatRelative } from '@/lib/course/time-display';
import { pageUser } from '../ui/require-user';
import { CourseTime } from '../ui/course-time';
import { attemptsLine } from '../ui/exercise-rules';

export const dynamic = 'force-dynamic';

export default async function ExercisesPage() {
  const user = await pageUser('/exercises');
  const now = new Date();
  const [exercises, best, extensions, course] = await Promise.all([
    db().exercise.findMany({ where: { archived: false }, orderBy: [{ week: 'asc' }, { id: 'asc' }] }),
    db().submission.groupBy({
      by: ['exerciseId'],
      where: { userId: user.id, mode: 'submit', status: 'graded' },
      _max: { score: true },
    }),
    db().extension.findMany({ where: { userId: user.id } }),
    db().course.findFirst({ select: { timeZone: true } }),
  ]);
  const timeZone = course?.timeZone ?? 'UTC';
  const byId = new Map(best.map((b) => [b.exerciseId, b]));
  const extensionOf = new Map(extensions.map((x) => [x.exerciseId, x]));
  const attempts = new Map(
    await Promise.all(exercises.map(async (e) => [e.id, await attemptStatus({ db: db(), userId: user.id, exercise: e, now })] as const)),
  );
  const weeks = [...new Set(exercises.map((e) => e.week))];
  return (
    <>
      <h1>Exercises</h1>
      <p className="muted">Times are in the course’s time zone ({timeZone}).</p>
      {weeks.map((week) => (
        <section className="card" key={week}>
          <h2>Week {week}</h2>
          <div style={{ overflowX: 'auto' }}>
            <table data-testid={`week-${week}`}>
              <thead>
                <tr><th>Exercise</th><th>Your best</th><th>Deadline</th><th>Late work</th><th>Attempts</th></tr>
              </thead>
              <tbody>
                {exercises.filter((e) => e.week === week).map((e) => {
                  const b = byId.get(e.id);
                  const extension = extensionOf.get(e.id);
                  const due = studentDeadline({ exercise: e, extension });
                  const a = attempts.get(e.id)!;
                  return (
                    <tr key={e.id} data-exercise={e.id}>
                      <td><Link href={`/exercises/${e.id}`}>{e.title}</Link><div className="muted">{e.kind} · {e.points} points</div></td>
                      <td>{b?._max.score != null ? `${b._max.score} / ${e.points}` : <span className="muted">not attempted</span>}</td>
                      <td data-testid="deadline">
                        {due ? (
                          <>
                            <CourseTime at={due.dueAt} timeZone={timeZone} />
                            <div className={due.closesAt < now ? 'muted' : due.dueAt.getTime() - now.getTime() < 86_400_000 && due.dueAt > now ? 'bad' : 'muted'}>
                              {due.closesAt < now ? 'closed' : formatRelative(due.dueAt, now)}
                              {extension && ' · your extension'}
                            </div>
                          </>
                        ) : (
                          <span className="muted">none</span>
                        )}
                      </td>
                      <td>
                        {!due ? (
                          <span className="muted">–</span>
                        ) : e.lateWindowHours <= 0 ? (
                          <span className="muted">not accepted</span>
                        ) : (
                          <>
                            {e.latePenaltyPercentPerDay > 0 ? `−${e.latePenaltyPercentPerDay} % per day` : 'no penalty'}
                            <div className="muted">up to {Math.round(e.lateWindowHours)} h late</div>
                          </>
                        )}
                      </td>
                      <td>{attemptsLine(a, e)}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </section>
      ))}
    </>
  );
}

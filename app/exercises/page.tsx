import Link from 'next/link';
import type { Metadata } from 'next';
import { getLocale, getTranslations } from 'next-intl/server';
import { db } from '@/lib/db';
import { studentExerciseList } from '@/lib/queries/student-pages';
import { attemptStatus, studentDeadline } from '@/lib/submissions/policy';
import { formatRelative } from '@/lib/course/time-display';
import { pageUser } from '../ui/require-user';
import { CourseTime } from '../ui/course-time';
import { attemptsLine, type RulesT } from '../ui/exercise-rules';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('meta'))('exercises') };
}

export default async function ExercisesPage() {
  const user = await pageUser('/exercises');
  const now = new Date();
  const { exercises, bestScore, extension: extensionOf, timeZone } = await studentExerciseList(db(), user.id);
  const t = await getTranslations('exercises');
  const tRules = await getTranslations('rules');
  const locale = await getLocale();
  const attempts = new Map(
    await Promise.all(exercises.map(async (e) => [e.id, await attemptStatus({ db: db(), userId: user.id, exercise: e, now })] as const)),
  );
  const weeks = [...new Set(exercises.map((e) => e.week))];
  return (
    <>
      <h1>{t('title')}</h1>
      <p className="muted">{t('timesIn', { timeZone })}</p>
      {weeks.map((week) => (
        <section className="card" key={week}>
          <h2>{t('week', { number: week })}</h2>
          <div style={{ overflowX: 'auto' }}>
            <table data-testid={`week-${week}`}>
              <thead>
                <tr><th>{t('exercise')}</th><th>{t('best')}</th><th>{t('deadline')}</th><th>{t('lateWork')}</th><th>{t('attempts')}</th></tr>
              </thead>
              <tbody>
                {exercises.filter((e) => e.week === week).map((e) => {
                  const best = bestScore.get(e.id);
                  const extension = extensionOf.get(e.id);
                  const due = studentDeadline({ exercise: e, extension });
                  const a = attempts.get(e.id)!;
                  return (
                    <tr key={e.id} data-exercise={e.id}>
                      <td><Link href={`/exercises/${e.id}`}>{e.title}</Link><div className="muted">{t(`kinds.${e.kind as 'numeric' | 'code' | 'model'}`)} · {t('points', { points: e.points })}</div></td>
                      <td>{best != null ? `${best} / ${e.points}` : <span className="muted">{t('notAttempted')}</span>}</td>
                      <td data-testid="deadline">
                        {due ? (
                          <>
                            <CourseTime at={due.dueAt} timeZone={timeZone} />
                            <div className={due.closesAt < now ? 'muted' : due.dueAt.getTime() - now.getTime() < 86_400_000 && due.dueAt > now ? 'bad' : 'muted'}>
                              {due.closesAt < now ? t('closed') : formatRelative(due.dueAt, now, locale)}
                              {extension && ` · ${t('yourExtension')}`}
                            </div>
                          </>
                        ) : (
                          <span className="muted">{t('none')}</span>
                        )}
                      </td>
                      <td>
                        {!due ? (
                          <span className="muted">–</span>
                        ) : e.lateWindowHours <= 0 ? (
                          <span className="muted">{t('notAccepted')}</span>
                        ) : (
                          <>
                            {e.latePenaltyPercentPerDay > 0 ? t('perDay', { percent: e.latePenaltyPercentPerDay }) : t('noPenalty')}
                            <div className="muted">{t('upToLate', { hours: Math.round(e.lateWindowHours) })}</div>
                          </>
                        )}
                      </td>
                      <td>{attemptsLine(a, e, tRules as RulesT)}</td>
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

import type { Metadata } from 'next';
import { getFormatter, getTranslations } from 'next-intl/server';
import { db } from '@/lib/db';
import { pageUser } from '../ui/require-user';
import { leaderboardFor } from '@/lib/instructor/leaderboard-rows';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('meta'))('leaderboard') };
}

export default async function LeaderboardPage() {
  const user = await pageUser('/leaderboard');
  const [t, format] = await Promise.all([getTranslations('leaderboard'), getFormatter()]);
  const exercises = await db().exercise.findMany({ where: { kind: 'model', archived: false }, orderBy: { id: 'asc' } });
  if (exercises.length === 0) return <div className="card"><h1>{t('title')}</h1><p className="muted">{t('noChallenge')}</p></div>;
  return (
    <>
      <h1>{t('title')}</h1>
      {await Promise.all(
        exercises.map(async (e) => {
          const board = await leaderboardFor({ db: db(), exercise: e, viewer: user });
          return (
            <section className="card" key={e.id}>
              <h2>{e.title}</h2>
              <p className="muted">{board.showPrivate ? t('private') : t('public')}</p>
              {board.rows.length === 0 ? (
                <p className="muted">{t('noEntries')}</p>
              ) : (
                <table data-testid="leaderboard">
                  <thead><tr><th>{t('rank')}</th><th>{t('student')}</th><th>{t('accuracy')}</th><th>{t('parameters')}</th><th>{t('trainingTime')}</th><th>{t('submitted')}</th></tr></thead>
                  <tbody>
                    {board.rows.map((r, i) => (
                      <tr key={r.submissionId} style={r.userId === user.id ? { fontWeight: 600 } : undefined}>
                        <td>{i + 1}</td><td>{r.name}</td><td>{format.number(r.accuracy, { style: 'percent', minimumFractionDigits: 2, maximumFractionDigits: 2 })}</td><td>{format.number(r.params)}</td><td>{t('seconds', { seconds: format.number(r.seconds, { minimumFractionDigits: 1, maximumFractionDigits: 1 }) })}</td><td>{format.dateTime(r.createdAt, { dateStyle: 'short', timeStyle: 'short' })}</td>
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

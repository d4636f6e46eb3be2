import type { Metadata } from 'next';
import { getFormatter, getTranslations } from 'next-intl/server';
import { db } from '@/lib/db';
import { leaderboardExercises } from '@/lib/queries/student-pages';
import { formatInTimeZone } from '@/lib/course/deadline';
import { pageUser } from '../ui/require-user';
import { leaderboardFor } from '@/lib/instructor/leaderboard-rows';

export const dynamic = 'force-dynamic';

type Board = Awaited<ReturnType<typeof leaderboardFor>>;
type T = Awaited<ReturnType<typeof getTranslations<'leaderboard'>>>;
type Format = Awaited<ReturnType<typeof getFormatter>>;

function Table({ rows, viewerId, testId, t, format, timeZone }: { rows: Board['rows']; viewerId: string; testId: string; t: T; format: Format; timeZone: string }) {
  return (
    <table data-testid={testId}>
      <thead><tr><th>{t('rank')}</th><th>{t('student')}</th><th>{t('accuracy')}</th><th>{t('parameters')}</th><th>{t('trainingTime')}</th><th>{t('submitted')}</th></tr></thead>
      <tbody>
        {rows.map((r, i) => (
          <tr key={r.submissionId} style={r.userId === viewerId ? { fontWeight: 600 } : undefined}>
            <td>{i + 1}</td>
            <td>{r.name}{r.evaluatedOnly && <> <span className="badge">{t('evaluatedOnly')}</span></>}</td>
            <td>{format.number(r.accuracy, { style: 'percent', minimumFractionDigits: 2, maximumFractionDigits: 2 })}</td>
            <td>{format.number(r.params)}</td>
            <td>{r.evaluatedOnly ? '–' : t('seconds', { seconds: format.number(r.seconds, { minimumFractionDigits: 1, maximumFractionDigits: 1 }) })}</td>
            <td>{format.dateTime(r.createdAt, { dateStyle: 'short', timeStyle: 'short', timeZone })}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('meta'))('leaderboard') };
}

export default async function LeaderboardPage() {
  const user = await pageUser('/leaderboard');
  const [t, format] = await Promise.all([getTranslations('leaderboard'), getFormatter()]);
  const { exercises, timeZone } = await leaderboardExercises(db());
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
              <p className="muted" data-testid="reveal-note">
                {board.showPrivate
                  ? t('private')
                  : board.closesAt
                    ? t('publicUntilClose', { time: formatInTimeZone(board.closesAt, timeZone) })
                    : t('publicUntilInstructor')}
              </p>
              {board.rows.length === 0 ? <p className="muted">{t('noEntries')}</p> : <Table rows={board.rows} viewerId={user.id} testId="leaderboard" t={t} format={format} timeZone={timeZone} />}
              {board.evaluatedOnly && board.evaluatedOnly.length > 0 && (
                <>
                  <h3>{t('uploadedTitle')}</h3>
                  <p className="muted" data-testid="evaluated-only-note">{t('uploadedApart')}</p>
                  <Table rows={board.evaluatedOnly} viewerId={user.id} testId="leaderboard-evaluated-only" t={t} format={format} timeZone={timeZone} />
                </>
              )}
              {board.evaluatedOnly === null && (
                <p className="muted" data-testid="evaluated-only-note">{t('uploadedHidden')}</p>
              )}
            </section>
          );
        }),
      )}
    </>
  );
}

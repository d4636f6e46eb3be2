import Link from 'next/link';
import { db } from '@/lib/db';
import { exerciseSettings } from '@/lib/instructor/exercise-settings';
import { exerciseStats } from '@/lib/instructor/exercise-stats';
import { pageInstructor } from '../../../ui/require-user';
import { InstructorSettingsForm } from '../../../ui/instructor-settings-form';
import { InstructorExtensions } from '../../../ui/instructor-extensions';
import { InstructorActionButton } from '../../../ui/instructor-action-button';
import { or404, shortTime } from '../../guard';
import { RefreshWhile } from '../../../ui/refresh-while';
import { instructorTitle } from '../../page-title';
import { getTranslations } from 'next-intl/server';
import { findKind } from '@/lib/exercises/kinds';
import { exerciseActivity, exerciseTitle } from '@/lib/queries/instructor-pages';
import { isPending, ZSubmissionStatus, type SubmissionStatus } from '@/lib/vocabulary';

export const dynamic = 'force-dynamic';

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return instructorTitle('instructorExercise', async () => {
    const title = await exerciseTitle(db(), id);
    return title === null ? null : { title };
  });
}

export default async function InstructorExercise({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await pageInstructor(`/instructor/exercises/${id}`);
  const t = await getTranslations('instructorPages');
  const tx = await getTranslations('instructorExercise');
  const tStatus = await getTranslations('status');
  const settings = await or404(exerciseSettings({ db: db(), user, exerciseId: id }));
  const stats = await exerciseStats({ db: db(), user, exerciseId: id });
  const { students, submissions } = await exerciseActivity(db(), id);
  const e = stats.exercise;
  const maxBin = Math.max(1, ...stats.distribution.map((b) => b.students));
  return (
    <>
      <p className="muted"><Link href="/instructor/exercises">{t('exercises')}</Link> › {e.id}</p>
      <h1>{e.title}</h1>
      {/* Regrades finish on a worker: keep the statuses fresh while any is pending. */}
      <RefreshWhile active={submissions.some((s) => isPending(s.status))} />
      <div className="card">
        <h2>{t('deadlineAndLimits')}</h2>
        {settings.deadlineShown && <p>{tx('due')} <strong data-testid="deadline-shown">{settings.deadlineShown}</strong></p>}
        <InstructorSettingsForm
          exerciseId={id}
          timeZone={settings.timeZone}
          showReveal={!!findKind(e.kind)?.leaderboard}
          kind={e.kind}
          initial={{ deadline: settings.deadlineLocal, ...settings.settings }}
        />
      </div>
      <div className="card">
        <h2>{t('extensions')}</h2>
        <InstructorExtensions exerciseId={id} timeZone={settings.timeZone} students={students} extensions={settings.extensions} />
      </div>
      <div className="card" data-testid="stats">
        <h2>{t('statistics')}</h2>
        <p>
          {tx('statsLine', { students: stats.students, submissions: stats.submissions, mean: stats.mean ?? '–', points: e.points, fullMarks: stats.fullMarks, late: stats.late })}
        </p>
        <table>
          <thead><tr><th>{tx('bestScore')}</th><th>{tx('students')}</th><th /></tr></thead>
          <tbody>
            {stats.distribution.map((b, i) => (
              <tr key={i}>
                <td>{b.from}–{b.to}</td>
                <td>{b.students}</td>
                <td style={{ width: '50%' }}><div className="progress"><div style={{ width: `${(100 * b.students) / maxBin}%` }} /></div></td>
              </tr>
            ))}
          </tbody>
        </table>
        <h2 style={{ marginTop: '1rem' }}>{tx('mostFailed')}</h2>
        {stats.mostFailed.length === 0 ? (
          <p className="muted">{tx('noFailed')}</p>
        ) : (
          <table>
            <thead><tr><th>{tx('test')}</th><th>{tx('failed')}</th><th>{tx('of')}</th></tr></thead>
            <tbody>{stats.mostFailed.map((f) => <tr key={f.name}><td>{f.name}</td><td>{f.failed}</td><td>{f.runs}</td></tr>)}</tbody>
          </table>
        )}
      </div>
      <div className="card">
        <h2>{t('submissions')}</h2>
        <p>
          <InstructorActionButton
            url={`/api/instructor/exercises/${id}/regrade`}
            label={tx('regradeAll')}
            confirm={tx('regradeAllConfirm', { count: submissions.length, title: e.title })}
            // the button fills {count} from the answer
            done={tx('regradeAllDone', { count: '{count}' })}
          />
          {findKind(e.kind)?.similarity && <> · <Link href={`/instructor/exercises/${id}/similarity`}>{tx('similarityReport')}</Link></>}
        </p>
        <table data-testid="submissions">
          <thead><tr><th>{tx('when')}</th><th>{tx('student')}</th><th>{tx('status')}</th><th>{tx('score')}</th><th>{tx('run')}</th><th /></tr></thead>
          <tbody>
            {submissions.map((s) => (
              <tr key={s.id}>
                <td><Link href={`/submissions/${s.id}`}>{shortTime(s.createdAt, settings.timeZone)}</Link>{s.mode === 'visible' && <div className="muted">{tx('visibleTests')}</div>}</td>
                <td><Link href={`/instructor/students/${s.userId}`}>{s.user.name}</Link></td>
                <td><span className={`badge ${s.status}`}>{ZSubmissionStatus.safeParse(s.status).success ? tStatus(s.status as SubmissionStatus) : s.status}</span>{s.latePenalty > 0 && <span className="badge">{tx('late', { percent: Math.round(s.latePenalty * 100) })}</span>}</td>
                <td>{s.score != null ? `${s.score} / ${s.maxScore}` : ''}</td>
                <td>{s.run}</td>
                <td>
                  <InstructorActionButton url={`/api/instructor/submissions/${s.id}/regrade`} label={tx('regrade')} secondary done={tx('regradeDone', { run: '{run}', status: '{status}' })} />{' '}
                  {s.status === 'graded' && <a href={`/api/instructor/submissions/${s.id}/results`}>results.json</a>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

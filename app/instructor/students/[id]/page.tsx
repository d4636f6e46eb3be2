import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { db } from '@/lib/db';
import { studentHistory } from '@/lib/instructor/student-history';
import { userName } from '@/lib/queries/instructor-pages';
import { pageInstructor } from '../../../ui/require-user';
import { InstructorActionButton } from '../../../ui/instructor-action-button';
import { or404, shortTime } from '../../guard';
import { courseTimeZone } from '@/lib/course/time-zone';
import { RefreshWhile } from '../../../ui/refresh-while';
import { instructorTitle } from '../../page-title';
import { isPending } from '@/lib/vocabulary';

export const dynamic = 'force-dynamic';

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return instructorTitle('student', async () => {
    const name = await userName(db(), id);
    return name === null ? null : { name };
  });
}

export default async function StudentHistoryPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await pageInstructor(`/instructor/students/${id}`);
  const h = await or404(studentHistory({ db: db(), user, studentId: id }));
  const timeZone = await courseTimeZone(db());
  // Regrades finish on a worker: keep the statuses fresh while any is pending.
  const pending = h.submissions.some((s) => isPending(s.status));
  const t = await getTranslations('studentPage');
  const tp = await getTranslations('instructorPages');
  const tx = await getTranslations('instructorExercise');
  const tStatus = await getTranslations('status');
  const tKind = await getTranslations('exercises.kinds');
  const statusOf = (s: string) => (['queued', 'running', 'graded', 'failed'].includes(s) ? tStatus(s as 'queued') : s);
  const kindOf = (k: string) => (['numeric', 'code', 'model'].includes(k) ? tKind(k as 'code') : k);
  return (
    <>
      <p className="muted"><Link href="/instructor">{tp('progress')}</Link> › {h.student.name}</p>
      <h1>{h.student.name}</h1>
      <RefreshWhile active={pending} />
      <p className="muted">{h.student.email} · {t('submissions', { count: h.submissions.length })}{h.extensions.length > 0 && ` · ${t('extensionsOn', { list: h.extensions.map((e) => e.exerciseId).join(', ') })}`}</p>
      <p>
        <InstructorActionButton url={`/api/instructor/students/${h.student.id}/sign-out`} label={t('signOutEverywhere')} secondary
          confirm={t('signOutConfirm', { name: h.student.name })} done={t('signedOut', { signedOut: '{signedOut}' })} />
      </p>
      <div className="card">
        <table data-testid="history">
          <thead><tr><th>{tx('when')}</th><th>{tp('exercise')}</th><th>{tx('status')}</th><th>{tx('score')}</th><th>{t('gradingRuns')}</th><th /></tr></thead>
          <tbody>
            {h.submissions.map((s) => (
              <tr key={s.id}>
                <td><Link href={`/submissions/${s.id}`}>{shortTime(s.createdAt, timeZone)}</Link><div className="muted">{kindOf(s.kind)}{s.language ? ` · ${s.language}` : ''}{s.mode === 'visible' ? ` · ${tx('visibleTests')}` : ''}</div></td>
                <td><Link href={`/instructor/exercises/${s.exerciseId}`}>{s.exerciseTitle}</Link></td>
                <td><span className={`badge ${s.status}`}>{statusOf(s.status)}</span>{s.latePenalty > 0 && <span className="badge">{tx('late', { percent: Math.round(s.latePenalty * 100) })}</span>}{s.lastError && <div className="muted">{s.lastError}</div>}</td>
                <td>{s.score != null ? `${s.score} / ${s.maxScore}` : ''}</td>
                <td>
                  {s.runs.map((r) => (
                    <div key={r.runKey}>
                      <a href={`/api/instructor/submissions/${s.id}/results?run=${r.runKey}`}>{r.runKey}</a>: {r.score} / {r.maxScore}
                      {r.current && <span className="badge">{t('current')}</span>}
                      {!r.gradable && <span className="badge failed">{t('ungradable')}</span>}
                      {r.failed.length > 0 && <div className="muted">{t('failed', { tests: r.failed.join(', ') })}</div>}
                    </div>
                  ))}
                </td>
                <td><InstructorActionButton url={`/api/instructor/submissions/${s.id}/regrade`} label={tx('regrade')} secondary done={tx('regradeDone', { run: '{run}', status: '{status}' })} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

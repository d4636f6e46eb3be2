import Link from 'next/link';
import type { Metadata } from 'next';
import { getLocale, getTranslations } from 'next-intl/server';
import { notFound } from 'next/navigation';
import { db } from '@/lib/db';
import { kindOf } from '@/lib/exercises/kinds';
import { appExercises } from '@/app/exercise-registry';
import { startExercise } from '@/lib/submissions/authored';
import { studentExercisePage, visibleExerciseTitle } from '@/lib/queries/student-pages';
import { attemptStatus, studentDeadline } from '@/lib/submissions/policy';
import { submissionView } from '@/lib/submissions/view';
import { pageUser } from '../../ui/require-user';
import { Markdown } from '../../ui/markdown';
import { NumericForm } from '../../ui/numeric-form';
import { CodeForm } from '../../ui/code-form';
import { ModelForm } from '../../ui/model-form';
import { ExerciseRules } from '../../ui/exercise-rules';
import { CourseTime } from '../../ui/course-time';
import { RefreshWhile } from '../../ui/refresh-while';
import { appLimits } from '@/lib/rate-limit/app-limits';
import { exerciseUseText } from '@/lib/rate-limit/exercise-limits';
import { renderText } from '@/lib/i18n/render';
import { isPending } from '@/lib/vocabulary';

export const dynamic = 'force-dynamic';

const STATUS = { queued: 1, running: 1, graded: 1, failed: 1 };

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  // An archived exercise is a 404 page: its title stays hidden too.
  return { title: (await visibleExerciseTitle(db(), (await params).id)) ?? (await getTranslations('meta'))('notFound') };
}

export default async function ExercisePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await pageUser(`/exercises/${id}`);
  const t = await getTranslations('exercise');
  // The prompt in the reader's language when the exercise has one (prompt.vi.md), else prompt.md.
  const locale = await getLocale();
  const tStatus = await getTranslations('status');
  const statusLabel = (s: string) => (s in STATUS ? tStatus(s as keyof typeof STATUS) : s);
  const found = await studentExercisePage(db(), { userId: user.id, exerciseId: id });
  if (!found) notFound();
  const { exercise, submissions, extension, timeZone } = found;
  const info = appExercises().folder(id);
  const due = studentDeadline({ exercise, extension });
  // The worked solution waits until this student can no longer submit.
  const closed = !!due && due.closesAt.getTime() < Date.now();
  // The version a student first opened is the one they keep (editor edits come later).
  await startExercise({ db: db(), userId: user.id, exercise });
  const now = new Date();
  const attempts = await attemptStatus({ db: db(), userId: user.id, exercise, now });
  const pending = submissions.some((s) => isPending(s.status));
  const kind = kindOf(exercise.kind);
  const hourly = kind.hourlyUse ? renderText(await exerciseUseText({ limits: appLimits(), use: kind.hourlyUse, userId: user.id, exercise }), locale) : null;
  const page = await kind.pageData({
    db: db(),
    exercises: appExercises(),
    user,
    exercise,
    info: info ?? null,
    locale,
    closed,
    submissions,
    timeZone,
    viewSubmission: (submissionId) => submissionView({ db: db(), exercises: appExercises(), user, submissionId }),
  });

  // The kind's page data picks the form to render: a rendering switch, kept in the page
  // (what each kind loads for it is its module in lib/exercises/kinds/).
  let body: React.ReactNode = null;
  if (page?.kind === 'numeric') {
    body = (
      <>
        <div className="card"><Markdown>{page.prompt}</Markdown></div>
        <div className="card">
          <h2>{t('yourAnswer')}</h2>
          {closed ? <p className="muted">{t('closed')}</p> : <NumericForm exerciseId={id} fields={page.fields} />}
        </div>
        {page.solution && (
          <div className="card"><h2>{t('workedSolution')}</h2><Markdown>{page.solution}</Markdown></div>
        )}
      </>
    );
  } else if (page?.kind === 'code') {
    body = (
      <>
        <div className="card"><Markdown>{page.prompt}</Markdown></div>
        <div className="card">
          <h2>{t('yourCode')}</h2>
          <CodeForm exerciseId={id} languages={page.languages} starters={page.starters} latest={page.latest} latestView={page.latestView} canSubmit={!closed} />
        </div>
      </>
    );
  } else if (page?.kind === 'model') {
    body = (
      <>
        <div className="card"><Markdown>{page.prompt}</Markdown></div>
        <div className="card">
          <h2>{t('yourModel')}</h2>
          <ModelForm exerciseId={id} starter={page.starter} settings={page.settings} dailyCap={page.dailyCap} />
        </div>
      </>
    );
  }

  return (
    <>
      <p className="muted"><Link href="/exercises">{(await getTranslations('exercises'))('title')}</Link> › {t('breadcrumbWeek', { number: exercise.week })}</p>
      <h1>{exercise.title}</h1>
      <ExerciseRules exercise={exercise} due={due} extended={!!extension} attempts={attempts} timeZone={timeZone} now={now} />
      {hourly && <p className="muted" data-testid="hourly-left">{hourly}</p>}
      {body}
      <div className="card">
        <h2>{t('yourSubmissions')}</h2>
        <RefreshWhile active={pending} />
        {submissions.length === 0 ? (
          <p className="muted">{t('noneYet')}</p>
        ) : (
          <div style={{ overflowX: 'auto' }}>
            <table data-testid="your-submissions">
              <thead><tr><th>{t('submitted')}</th><th>{t('status')}</th><th>{t('score')}</th></tr></thead>
              <tbody>
                {submissions.map((s) => (
                  <tr key={s.id}>
                    <td><Link href={`/submissions/${s.id}`}><CourseTime at={s.createdAt} timeZone={timeZone} /></Link></td>
                    <td>
                      <span className={`badge ${s.status}`}>{statusLabel(s.status)}</span>
                      {s.mode === 'visible' && <> <span className="badge">{t('visibleOnly')}</span></>}
                      {s.gradable === false && <> <span className="badge">{t('notCounted')}</span></>}
                      {s.latePenalty > 0 && <> <span className="badge">{t('late', { percent: Math.round(s.latePenalty * 100) })}</span></>}
                    </td>
                    <td>{s.score != null ? `${s.score} / ${s.maxScore}` : ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>
    </>
  );
}

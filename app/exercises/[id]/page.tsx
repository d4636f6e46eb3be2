import path from 'node:path';
import fs from 'node:fs';
import Link from 'next/link';
import type { Metadata } from 'next';
import { getLocale, getTranslations } from 'next-intl/server';
import { notFound } from 'next/navigation';
import { db } from '@/lib/db';
import { promptIn } from '@/lib/exercises/load';
import { variantSeed } from '@/lib/exercises/numeric';
import { appExercises } from '@/app/exercise-registry';
import { authoredSolution, authoredVariantFor, startExercise } from '@/lib/submissions/authored';
import { attemptStatus, studentDeadline } from '@/lib/submissions/policy';
import { submissionView } from '@/lib/submissions/view';
import { courseTime } from '@/lib/course/time-display';
import { pageUser } from '../../ui/require-user';
import { Markdown } from '../../ui/markdown';
import { NumericForm } from '../../ui/numeric-form';
import { CodeForm } from '../../ui/code-form';
import { ModelForm } from '../../ui/model-form';
import { modelSettings } from '@/lib/exercises/schema';
import { ExerciseRules } from '../../ui/exercise-rules';
import { CourseTime } from '../../ui/course-time';
import { RefreshWhile } from '../../ui/refresh-while';
import type { Lang } from '../../ui/code-languages';
import { appLimits } from '@/lib/rate-limit/app-limits';
import { describeExerciseUse } from '@/lib/rate-limit/exercise-limits';

export const dynamic = 'force-dynamic';

const STATUS = { queued: 1, running: 1, graded: 1, failed: 1 };

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  const exercise = await db().exercise.findUnique({ where: { id: (await params).id }, select: { title: true, archived: true } });
  // An archived exercise is a 404 page: its title stays hidden too.
  return { title: exercise && !exercise.archived ? exercise.title : (await getTranslations('meta'))('notFound') };
}

export default async function ExercisePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await pageUser(`/exercises/${id}`);
  const t = await getTranslations('exercise');
  // The prompt in the reader's language when the exercise has one (prompt.vi.md), else prompt.md.
  const locale = await getLocale();
  const tStatus = await getTranslations('status');
  const statusLabel = (s: string) => (s in STATUS ? tStatus(s as keyof typeof STATUS) : s);
  const exercise = await db().exercise.findUnique({ where: { id } });
  if (!exercise || exercise.archived) notFound();
  const info = appExercises().folder(id);
  const submissions = await db().submission.findMany({
    where: { userId: user.id, exerciseId: id },
    orderBy: { createdAt: 'desc' },
    take: 20,
  });
  const extension = await db().extension.findUnique({ where: { userId_exerciseId: { userId: user.id, exerciseId: id } } });
  const due = studentDeadline({ exercise, extension });
  // The worked solution waits until this student can no longer submit.
  const closed = !!due && due.closesAt.getTime() < Date.now();
  // The version a student first opened is the one they keep (editor edits come later).
  await startExercise({ db: db(), userId: user.id, exercise });
  const timeZone = (await db().course.findFirst({ select: { timeZone: true } }))?.timeZone ?? 'UTC';
  const now = new Date();
  const attempts = await attemptStatus({ db: db(), userId: user.id, exercise, now });
  const pending = submissions.some((s) => s.status === 'queued' || s.status === 'running');
  const hourly = exercise.kind === 'numeric' || exercise.kind === 'code'
    ? await describeExerciseUse({ limits: appLimits(), use: exercise.kind === 'numeric' ? 'answer' : 'visible-run', userId: user.id, exercise })
    : null;

  let body: React.ReactNode = null;
  if (exercise.kind === 'numeric') {
    const seed = variantSeed(user.id, id);
    const authored = exercise.source === 'editor' ? await authoredVariantFor({ db: db(), userId: user.id, exercise }) : null;
    const variant = authored ? authored.variant : appExercises().numeric.getVariant(id, seed, { locale });
    const solution = !closed ? null : authored ? authoredSolution(authored.def, seed) : appExercises().numeric.workedSolution(id, seed);
    body = (
      <>
        <div className="card"><Markdown>{variant.prompt}</Markdown></div>
        <div className="card">
          <h2>{t('yourAnswer')}</h2>
          {closed ? <p className="muted">{t('closed')}</p> : <NumericForm exerciseId={id} fields={variant.fields} />}
        </div>
        {solution && (
          <div className="card"><h2>{t('workedSolution')}</h2><Markdown>{solution}</Markdown></div>
        )}
      </>
    );
  } else if (exercise.kind === 'code' && info) {
    const last = submissions.find((s) => s.kind === 'code' && s.language);
    const latest = last ? { language: last.language as Lang, source: last.payload, when: courseTime(last.createdAt, timeZone) } : null;
    const latestView = last ? await submissionView({ db: db(), exercises: appExercises(), user, submissionId: last.id }) : null;
    body = (
      <>
        <div className="card"><Markdown>{promptIn(info, locale)}</Markdown></div>
        <div className="card">
          <h2>{t('yourCode')}</h2>
          <CodeForm exerciseId={id} languages={info.meta.languages} starters={info.starters} latest={latest} latestView={latestView} canSubmit={!closed} />
        </div>
      </>
    );
  } else if (exercise.kind === 'model' && info) {
    const starter = fs.existsSync(path.join(info.dir, 'starter.yaml')) ? fs.readFileSync(path.join(info.dir, 'starter.yaml'), 'utf8') : '';
    body = (
      <>
        <div className="card"><Markdown>{promptIn(info, locale)}</Markdown></div>
        <div className="card">
          <h2>{t('yourModel')}</h2>
          <ModelForm exerciseId={id} starter={starter} settings={modelSettings(info.meta)} dailyCap={exercise.dailyCap} />
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

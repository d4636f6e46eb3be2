import Link from 'next/link';
import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { notFound } from 'next/navigation';
import { db } from '@/lib/db';
import { AuthError } from '@/lib/auth/roles';
import { submissionView } from '@/lib/submissions/view';
import { appExercises } from '@/app/exercise-registry';
import { pageUser } from '../../ui/require-user';
import { SubmissionLive } from '../../ui/submission-live';
import { SubmittedWorkView } from '../../ui/submitted-work-view';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  // Not the exercise's title: the tab of someone else's submission must not name it either.
  return { title: (await getTranslations('submission'))('title') };
}

export default async function SubmissionPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await pageUser(`/submissions/${id}`);
  const t = await getTranslations('submission');
  let view;
  try {
    view = await submissionView({ db: db(), exercises: appExercises(), user, submissionId: id });
  } catch (e) {
    if (e instanceof AuthError) notFound();
    throw e;
  }
  const someoneElse = user.role === 'instructor' && view.studentName !== user.name;
  return (
    <>
      <p className="muted"><Link href={`/exercises/${view.exerciseId}`}>{view.exerciseTitle}</Link> › {t('breadcrumb')}</p>
      <h1>{view.mode === 'visible' ? t('visibleRun') : t('title')}{someoneElse ? ` ${t('by', { name: view.studentName })}` : ''}</h1>
      <div className="card">
        <SubmissionLive initial={view} linkLines={view.work.kind === 'code'} />
      </div>
      <SubmittedWorkView work={view.work} timeZone={view.timeZone} />
    </>
  );
}

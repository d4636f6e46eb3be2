import { cache } from 'react';
import Link from 'next/link';
import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { notFound } from 'next/navigation';
import { db } from '@/lib/db';
import { isNotFound } from '@/lib/errors';
import { currentUser } from '@/lib/auth/session';
import { courseTime } from '@/lib/course/time-display';
import { submissionView } from '@/lib/submissions/view';
import { appExercises } from '@/app/exercise-registry';
import { pageUser } from '../../ui/require-user';
import { SubmissionLive } from '../../ui/submission-live';
import { SubmittedWorkView } from '../../ui/submitted-work-view';

export const dynamic = 'force-dynamic';

// One read per request, shared by the title and the page.
// Keyed by the id alone (React's cache compares arguments by identity), for the signed-in user.
const viewFor = cache(async (submissionId: string) => {
  const user = await currentUser();
  return user ? submissionView({ db: db(), exercises: appExercises(), user, submissionId }) : null;
});

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  const { id } = await params;
  const t = await getTranslations('meta');
  // The exercise and the time tell two tabs apart; a submission this person may
  // not see is titled like a missing page, so its tab names nothing either.
  const view = await viewFor(id).catch((e) => (isNotFound(e) ? null : Promise.reject(e)));
  if (!view) return { title: t('notFound') };
  return { title: t('submission', { title: view.exerciseTitle, time: courseTime(view.createdAt, view.timeZone) }) };
}

export default async function SubmissionPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await pageUser(`/submissions/${id}`);
  const t = await getTranslations('submission');
  let view;
  try {
    view = (await viewFor(id))!;
  } catch (e) {
    if (isNotFound(e)) notFound();
    throw e;
  }
  const someoneElse = user.role === 'instructor' && view.studentName !== user.name;
  return (
    <>
      <p className="muted"><Link href={`/exercises/${view.exerciseId}`}>{view.exerciseTitle}</Link> › {t('breadcrumb')}</p>
      <h1>{view.mode === 'visible' ? t('visibleRun') : t('title')}{someoneElse ? ` ${t('by', { name: view.studentName })}` : ''}</h1>
      <div className="card">
        {/* Line references link into the code shown below: a rendering choice on the work shown. */}
        <SubmissionLive initial={view} linkLines={view.work.kind === 'code'} />
      </div>
      <SubmittedWorkView work={view.work} timeZone={view.timeZone} />
    </>
  );
}

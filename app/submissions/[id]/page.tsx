import Link from 'next/link';
import { notFound } from 'next/navigation';
import { db } from '@/lib/db';
import { AuthError } from '@/lib/auth/roles';
import { submissionView } from '@/lib/submissions/view';
import { pageUser } from '../../ui/require-user';
import { SubmissionLive } from '../../ui/submission-live';
import { SubmittedWorkView } from '../../ui/submitted-work-view';

export const dynamic = 'force-dynamic';

export default async function SubmissionPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await pageUser(`/submissions/${id}`);
  let view;
  try {
    view = await submissionView({ db: db(), user, submissionId: id });
  } catch (e) {
    if (e instanceof AuthError) notFound();
    throw e;
  }
  const someoneElse = user.role === 'instructor' && view.studentName !== user.name;
  return (
    <>
      <p className="muted"><Link href={`/exercises/${view.exerciseId}`}>{view.exerciseTitle}</Link> › submission</p>
      <h1>{view.mode === 'visible' ? 'Visible-test run' : 'Submission'}{someoneElse ? ` by ${view.studentName}` : ''}</h1>
      <div className="card">
        <SubmissionLive initial={view} linkLines={view.work.kind === 'code'} />
      </div>
      <SubmittedWorkView work={view.work} timeZone={view.timeZone} />
    </>
  );
}

import type { ReactNode } from 'react';
import Link from 'next/link';
import { currentUser } from '@/lib/auth/session';
import { redirect } from 'next/navigation';

// Checked on the server for every instructor page; each page and route checks again.
export default async function InstructorLayout({ children }: { children: ReactNode }) {
  const user = await currentUser();
  if (!user) redirect('/signin?callbackUrl=/instructor');
  if (user.role !== 'instructor') {
    return (
      <div className="card" data-testid="forbidden">
        <h1>Instructors only</h1>
        <p>This area is for the course staff. <Link href="/">Back to your checklist</Link>.</p>
      </div>
    );
  }
  return (
    <>
      <nav style={{ display: 'flex', gap: '1rem', marginBottom: '1rem' }}>
        <Link href="/instructor">Class progress</Link>
        <Link href="/instructor/exercises">Exercises</Link>
        <Link href="/instructor/editor">Numeric editor</Link>
        <Link href="/instructor/checklist">Checklist</Link>
        <Link href="/instructor/export">Export</Link>
        {/* a route handler (bull-board), not a page: a plain link loads it in full */}
        <a href="/instructor/queues">Queues</a>
      </nav>
      {children}
    </>
  );
}

import type { ReactNode } from 'react';
import Link from 'next/link';
import 'katex/dist/katex.min.css';
import './globals.css';
import { currentUser } from '@/lib/auth/session';
import { SignOutButton } from './ui/sign-out-button';

// Every page depends on the signed-in user: nothing is prerendered at build time.
export const dynamic = 'force-dynamic';

export const metadata = { title: 'ConvGrade', description: 'Exercises and autograding for a course on convolutional neural networks' };

export default async function RootLayout({ children }: { children: ReactNode }) {
  const user = await currentUser();
  return (
    <html lang="en">
      <body>
        <header className="nav">
          <Link href="/" className="brand">ConvGrade</Link>
          {user && <Link href="/">Checklist</Link>}
          {user && <Link href="/exercises">Exercises</Link>}
          {user && <Link href="/leaderboard">Leaderboard</Link>}
          {user?.role === 'instructor' && <Link href="/instructor">Instructor</Link>}
          <span className="spacer" />
          {user ? (
            <>
              <Link href="/profile" className="muted">{user.name} ({user.role})</Link>
              <SignOutButton />
            </>
          ) : (
            <Link href="/signin">Sign in</Link>
          )}
        </header>
        <main>{children}</main>
      </body>
    </html>
  );
}

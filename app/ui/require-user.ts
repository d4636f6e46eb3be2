import { redirect, notFound } from 'next/navigation';
import { currentUser } from '@/lib/auth/session';
import type { SessionUser } from '@/lib/auth/roles';

/** Pages: send strangers to sign in (and back afterwards). */
export async function pageUser(returnTo: string): Promise<SessionUser> {
  const user = await currentUser();
  if (!user) redirect(`/signin?callbackUrl=${encodeURIComponent(returnTo)}`);
  return user;
}

/** Instructor pages: students get a 404-like "not for you" page, checked on the server. */
export async function pageInstructor(returnTo: string): Promise<SessionUser> {
  const user = await pageUser(returnTo);
  if (user.role !== 'instructor') notFound();
  return user;
}

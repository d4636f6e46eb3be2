import { headers } from 'next/headers';
import { getServerSession } from 'next-auth';
import { authOptions } from './options';
import type { SessionUser } from './roles';
import { sessionCookie, userFromSessionToken } from './session-token';

/** The signed-in user, or null (expired or absent session). */
export async function currentUser(): Promise<SessionUser | null> {
  const session = await getServerSession(authOptions());
  const user = (session as { user?: SessionUser } | null)?.user;
  return user && user.id ? user : null;
}

/**
 * The same user as currentUser(), for hot API routes (submitting at a
 * deadline), from the session cookie alone (lib/auth/session-token.ts):
 * next-auth's full session round (options, CSRF, re-issuing the cookie,
 * about 4 ms of CPU a request) is skipped. Pages still call currentUser(),
 * which keeps sliding the session's expiry. A split (chunked) cookie takes
 * the full path.
 */
export async function currentUserFast(): Promise<SessionUser | null> {
  const found = sessionCookie((await headers()).get('cookie'));
  if (!found) return null;
  return 'chunked' in found ? currentUser() : userFromSessionToken(found.token);
}

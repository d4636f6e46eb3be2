import { cookies } from 'next/headers';
import { getServerSession } from 'next-auth';
import { decode } from 'next-auth/jwt';
import { db } from '../db';
import { authSecret } from '../env';
import { authOptions } from './options';
import { asRole, type SessionUser } from './roles';
import { sessionIsCurrent } from './session-version';

/** The signed-in user, or null (expired or absent session). */
export async function currentUser(): Promise<SessionUser | null> {
  const session = await getServerSession(authOptions());
  const user = (session as { user?: SessionUser } | null)?.user;
  return user && user.id ? user : null;
}

const SESSION_COOKIES = ['__Secure-next-auth.session-token', 'next-auth.session-token'];

/**
 * The same user as currentUser(), for hot API routes (submitting at a
 * deadline): next-auth's own decode checks the token's encryption and expiry,
 * and the user row (role, session version, maximum age) is checked as the session callback does, but
 * next-auth's full session round (options, CSRF, re-issuing the cookie,
 * about 4 ms of CPU a request) is skipped. Pages still call currentUser(),
 * which keeps sliding the session's expiry. A split (chunked) cookie takes
 * the full path.
 */
export async function currentUserFast(): Promise<SessionUser | null> {
  const jar = await cookies();
  const token = SESSION_COOKIES.map((name) => jar.get(name)?.value).find(Boolean);
  if (!token) return jar.getAll().some((c) => c.name.includes('next-auth.session-token.')) ? currentUser() : null;
  const payload = await decode({ token, secret: authSecret() }).catch(() => null);
  if (!payload || typeof payload.uid !== 'string') return null;
  // Plain SQL: every submit at a deadline rush passes here (see lib/submissions/submit-queries.ts).
  const [u] = await db().$queryRaw<{ id: string; email: string; name: string; role: string; sessionVersion: number }[]>`
    SELECT id, email, name, role, "sessionVersion" FROM "User" WHERE id = ${payload.uid}`;
  // The same checks as the session callback: "sign out everywhere", a password change and the maximum age end it here too.
  if (!u || !sessionIsCurrent({ token: payload, user: u })) return null;
  return { id: u.id, email: u.email, name: u.name, role: asRole(u.role) };
}

import { decode, type JWT } from 'next-auth/jwt';
import { db as appDb, type Db } from '../db';
import { hotSql } from '../hot-sql';
import { cookieValue } from '../http/cookies';
import { authSecret } from '../env';
import { asRole, type SessionUser } from './roles';
import { sessionIsCurrent } from './session-version';

// The signed-in user from next-auth's session cookie alone, without Next.js's
// request context: the submit route calls it, and so does the web server's
// submit fast path (scripts/lib/submit-fast-path.ts), which answers a deadline
// rush before Next.js routes the request.

export const SESSION_COOKIES = ['__Secure-next-auth.session-token', 'next-auth.session-token'] as const;

export type SessionCookie = { token: string } | { chunked: true } | null;

/**
 * The session token in a Cookie header. A token too big for one cookie is
 * split by next-auth into `.0`, `.1`... chunks: `chunked` tells the caller to
 * take next-auth's full path (currentUser) instead.
 */
export function sessionCookie(header: string | null | undefined): SessionCookie {
  for (const name of SESSION_COOKIES) {
    const token = cookieValue(header, name);
    if (token) return { token };
  }
  return header && /next-auth\.session-token\.\d+=/.test(header) ? { chunked: true } : null;
}

// Decrypting a token derives its key with HKDF first: about half a millisecond
// of CPU, on every submit of a rush. The same token string always decrypts to
// the same payload, so the payload is kept (until the token expires, at most
// DECODED_MAX tokens). Whether the session still holds (sign-out everywhere, a
// password change, the maximum age) is checked against the user row at every
// request all the same.
const DECODED_MAX = 5000;
const decoded = new Map<string, JWT>();

async function decodeToken(token: string, secret: string, now = Date.now()): Promise<JWT | null> {
  const key = `${secret.length}:${secret}:${token}`;
  const kept = decoded.get(key);
  if (kept && (typeof kept.exp !== 'number' || kept.exp * 1000 > now)) return kept;
  if (kept) decoded.delete(key);
  const payload = await decode({ token, secret }).catch(() => null);
  if (!payload) return null;
  if (decoded.size >= DECODED_MAX) decoded.delete(decoded.keys().next().value!);
  decoded.set(key, payload);
  return payload;
}

/**
 * The user a session token belongs to, or null: next-auth's own decode checks
 * the token's encryption and expiry, and the user row (role, session version,
 * maximum age) is checked as the session callback does.
 */
export async function userFromSessionToken(token: string, deps: { db?: Db; secret?: string } = {}): Promise<SessionUser | null> {
  const payload = await decodeToken(token, deps.secret ?? authSecret());
  if (!payload || typeof payload.uid !== 'string') return null;
  // Plain SQL: every submit at a deadline rush passes here (lib/hot-sql.ts).
  const [u] = await hotSql(deps.db ?? appDb()).rows<{ id: string; email: string; name: string; role: string; sessionVersion: number }>`
    SELECT id, email, name, role, "sessionVersion" FROM "User" WHERE id = ${payload.uid}`;
  if (!u || !sessionIsCurrent({ token: payload, user: u })) return null;
  return { id: u.id, email: u.email, name: u.name, role: asRole(u.role) };
}

// A session (a JWT) is current while its user exists, its session version
// matches the user's row (raised by "sign out everywhere" and by a password
// change), and it was signed in less than MAX_SESSION_AGE ago. next-auth's own
// expiry (SESSION_IDLE_SECONDS) ends sessions nobody uses.

export const SESSION_IDLE_SECONDS = 12 * 3600;
export const MAX_SESSION_AGE_MS = 7 * 24 * 3600 * 1000;

/** uid, sv (session version) and authAt (ms) as the jwt callback wrote them */
export type SessionClaims = Record<string, unknown>;

export function sessionIsCurrent(opts: { token: SessionClaims; user: { id: string; sessionVersion: number } | null; now?: number }): boolean {
  const { token, user } = opts;
  if (!user || token.uid !== user.id) return false;
  if (typeof token.sv !== 'number' || token.sv !== user.sessionVersion) return false;
  if (typeof token.authAt !== 'number') return false;
  return (opts.now ?? Date.now()) - token.authAt < MAX_SESSION_AGE_MS;
}

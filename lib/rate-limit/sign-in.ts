import type { Limiters } from './limiter';
import { SIGNIN_ACCOUNT, SIGNIN_IP } from './rules';

// Each sign-in attempt takes a point from its account and from its address
// before the password is checked, so parallel guesses are counted too; a right
// password gives the points back (and clears the account's count). What is
// left counted is therefore failures.

export async function admitSignIn(limits: Limiters, who: { email: string; ip: string }): Promise<{ allowed: true } | { allowed: false; retryAfterSeconds: number }> {
  const [account, address] = await Promise.all([limits.consume(SIGNIN_ACCOUNT, who.email), limits.consume(SIGNIN_IP, who.ip)]);
  const waits = [account, address].flatMap((v) => (v.allowed ? [] : [v.retryAfterSeconds]));
  return waits.length ? { allowed: false, retryAfterSeconds: Math.max(...waits) } : { allowed: true };
}

export async function signInSucceeded(limits: Limiters, who: { email: string; ip: string }): Promise<void> {
  await Promise.all([limits.reset(SIGNIN_ACCOUNT, who.email), limits.refund(SIGNIN_IP, who.ip)]);
}

import { createHash, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { isUniqueViolation, type Db } from '../db';
import type { Env } from '../env';
import { AppError } from '../errors';
import { msg } from '../i18n/message';
import type { Limiters } from '../rate-limit/limiter';
import { INVITE_IP, SIGNUP_IP } from '../rate-limit/rules';
import { waitText } from '../rate-limit/format';
import { ownFieldTexts } from '../forms/messages';
import type { Message } from '../i18n/message';
import { hashPassword, MIN_PASSWORD_LENGTH } from './password';

// The schema's messages are keys of messages/*.json; ownFieldTexts makes them sentences ({min} is the check's bound).
export const ZSignup = z.object({
  name: z.string().trim().min(1, 'apiErrors.account.giveName').max(100),
  email: z.string().trim().toLowerCase().max(320).email('apiErrors.account.notEmail'),
  password: z.string().min(MIN_PASSWORD_LENGTH, 'apiErrors.account.passwordShort').max(200),
  invite: z.string().max(200).optional(),
});
export type Signup = z.infer<typeof ZSignup>;

/**
 * What every accepted sign-up answers, whether the address was new or already
 * had an account (which then stays as it was): the answer must not tell anyone
 * which addresses are registered. The form then signs in with the password
 * given, which works exactly when the account is (now) the person's own.
 */
export const SIGNUP_ACCEPTED: Message = msg('apiErrors.account.accepted');

// Both sides hashed first, so the comparison always has equal lengths and runs
// in constant time: neither the code nor its length can be found by timing.
function inviteMatches(given: string | undefined, expected: string | undefined): boolean {
  if (!given || !expected) return false;
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(given.trim()), digest(expected));
}

const tooMany = (what: 'tooManySignups' | 'tooManyInvites', seconds: number) =>
  new AppError('rate_limited', msg(`apiErrors.account.${what}`, { wait: waitText(seconds) }), { retryAfterSeconds: seconds });

/**
 * Creates a student account by email and password, following SIGNUP_MODE.
 * Every refusal is a AppError whose message says what to do next. With
 * `limits`, sign-ups and wrong invite codes are counted per address `ip`.
 */
export async function signUp(opts: {
  db: Db;
  env: Pick<Env, 'SIGNUP_MODE' | 'INVITE_CODE'>;
  body: unknown;
  limits?: Limiters;
  ip?: string;
}): Promise<{ created: boolean; message: Message }> {
  const { db, env: e, body, limits } = opts;
  const ip = opts.ip ?? 'unknown';
  if (e.SIGNUP_MODE === 'closed') throw new AppError('conflict', msg('apiErrors.account.signupClosed'));
  const parsed = ZSignup.safeParse(body);
  if (!parsed.success) {
    throw new AppError('invalid_input', msg('apiErrors.account.fixFields'), { fieldTexts: ownFieldTexts(parsed.error.issues) });
  }
  const { name, email, password, invite } = parsed.data;
  if (limits) {
    const v = await limits.consume(SIGNUP_IP, ip);
    if (!v.allowed) throw tooMany('tooManySignups', v.retryAfterSeconds);
  }
  if (e.SIGNUP_MODE === 'invite') {
    // A point per try, given back when the code is right: what stays counted is wrong codes.
    const v = limits ? await limits.consume(INVITE_IP, ip) : null;
    if (v && !v.allowed) throw tooMany('tooManyInvites', v.retryAfterSeconds);
    if (!inviteMatches(invite, e.INVITE_CODE)) throw new AppError('invalid_input', msg('apiErrors.account.inviteInvalid'), { fieldTexts: { invite: msg('apiErrors.account.inviteInvalidField') } });
    if (limits) await limits.refund(INVITE_IP, ip);
  }
  // Hashed whether or not the address is taken, so the answer takes as long either way.
  const passwordHash = await hashPassword(password);
  const accepted = (created: boolean) => ({ created, message: SIGNUP_ACCEPTED });
  if (await db.user.findUnique({ where: { email }, select: { id: true } })) return accepted(false);
  try {
    await db.user.create({ data: { name, email, passwordHash, role: 'student' } });
    return accepted(true);
  } catch (err) {
    // Two sign-ups for one address at once: the unique index decides; the other changes nothing.
    if (isUniqueViolation(err)) return accepted(false);
    throw err;
  }
}

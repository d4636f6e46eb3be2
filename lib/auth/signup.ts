import { timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { isUniqueViolation, type Db } from '../db';
import type { Env } from '../env';
import { SubmitError } from '../submissions/errors';
import { hashPassword, MIN_PASSWORD_LENGTH } from './password';

export const ZSignup = z.object({
  name: z.string().trim().min(1, 'Please give your name.').max(100),
  email: z.string().trim().toLowerCase().email('That is not an email address.'),
  password: z.string().min(MIN_PASSWORD_LENGTH, `Passwords need at least ${MIN_PASSWORD_LENGTH} characters.`).max(200),
  invite: z.string().optional(),
});
export type Signup = z.infer<typeof ZSignup>;

// Compared in constant time so the code cannot be guessed a character at a time.
function inviteMatches(given: string | undefined, expected: string | undefined): boolean {
  if (!given || !expected) return false;
  const a = Buffer.from(given.trim());
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}


/**
 * Creates a student account by email and password, following SIGNUP_MODE.
 * Every refusal is a SubmitError whose message says what to do next.
 */
export async function signUp(opts: { db: Db; env: Pick<Env, 'SIGNUP_MODE' | 'INVITE_CODE'>; body: unknown }): Promise<{ userId: string }> {
  const { db, env: e, body } = opts;
  if (e.SIGNUP_MODE === 'closed') throw new SubmitError(409, 'Sign-up is closed; ask your instructor for an account.');
  const parsed = ZSignup.safeParse(body);
  if (!parsed.success) {
    const fieldErrors = Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), i.message]));
    throw new SubmitError(400, 'Please fix the highlighted fields.', fieldErrors);
  }
  const { name, email, password, invite } = parsed.data;
  if (e.SIGNUP_MODE === 'invite' && !inviteMatches(invite, e.INVITE_CODE)) {
    throw new SubmitError(400, 'That invite code is not valid.', { invite: 'Invalid invite code.' });
  }
  const duplicate = () => new SubmitError(409, 'An account with this email already exists; sign in instead.', { email: 'Already registered.' });
  if (await db.user.findUnique({ where: { email } })) throw duplicate();
  try {
    const user = await db.user.create({ data: { name, email, passwordHash: await hashPassword(password), role: 'student' } });
    return { userId: user.id };
  } catch (err) {
    // Two sign-ups for one address at once: the unique index decides, the loser gets the same message.
    if (isUniqueViolation(err)) throw duplicate();
    throw err;
  }
}

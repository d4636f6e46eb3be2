import { z } from 'zod';
import { db } from '@/lib/db';
import { env } from '@/lib/env';
import { hashPassword, MIN_PASSWORD_LENGTH } from '@/lib/auth/password';
import { SubmitError } from '@/lib/submissions/errors';
import { readJson, respond } from '../respond';

const ZSignup = z.object({
  name: z.string().trim().min(1, 'Please give your name.').max(100),
  email: z.string().trim().toLowerCase().email('That is not an email address.'),
  password: z.string().min(MIN_PASSWORD_LENGTH, `Passwords need at least ${MIN_PASSWORD_LENGTH} characters.`).max(200),
  invite: z.string().optional(),
});

export function POST(req: Request) {
  return respond(async () => {
    const e = env();
    if (e.SIGNUP_MODE === 'closed') throw new SubmitError(409, 'Sign-up is closed; ask your instructor for an account.');
    const parsed = ZSignup.safeParse(await readJson(req));
    if (!parsed.success) {
      const fieldErrors = Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), i.message]));
      throw new SubmitError(400, 'Please fix the highlighted fields.', fieldErrors);
    }
    const { name, email, password, invite } = parsed.data;
    if (e.SIGNUP_MODE === 'invite' && invite !== e.INVITE_CODE) {
      throw new SubmitError(400, 'That invite code is not valid.', { invite: 'Invalid invite code.' });
    }
    if (await db().user.findUnique({ where: { email } })) {
      throw new SubmitError(409, 'An account with this email already exists; sign in instead.', { email: 'Already registered.' });
    }
    await db().user.create({ data: { name, email, passwordHash: await hashPassword(password), role: 'student' } });
    return { ok: true };
  }, 201);
}

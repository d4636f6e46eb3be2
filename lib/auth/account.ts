import { z } from 'zod';
import type { Db } from '../db';
import { AppError } from '../errors';
import { msg } from '../i18n/message';
import { authSecret, oauthProviders, type Env } from '../env';
import { hashPassword, MIN_PASSWORD_LENGTH, verifyPassword } from './password';
import { requireInstructor, requireUser, type SessionUser } from './roles';
import { signLinkIntent } from './link-intent';
import type { Limiters } from '../rate-limit/limiter';
import { admitSignIn, signInSucceeded } from '../rate-limit/sign-in';
import { waitText } from '../rate-limit/format';
import { ownFieldTexts } from '../forms/messages';

// A user's own account (profile page) and an instructor ending a user's sessions.

// A key of messages/*.json, not English: ownFieldTexts writes it in the reader's language ({min} is the bound).
export const ZPasswordChange = z.object({
  current: z.string().max(200).optional(),
  next: z.string().min(MIN_PASSWORD_LENGTH, 'apiErrors.account.passwordShort').max(200),
});

export async function profile(opts: { db: Db; user: SessionUser | null; env: Env }) {
  const user = requireUser(opts.user);
  const row = await opts.db.user.findUniqueOrThrow({ where: { id: user.id }, include: { oauthAccounts: { orderBy: { createdAt: 'asc' } } } });
  return {
    email: row.email,
    name: row.name,
    role: row.role,
    hasPassword: !!row.passwordHash,
    linked: row.oauthAccounts.map((a) => ({ provider: a.provider, since: a.createdAt })),
    providers: oauthProviders(opts.env).map((p) => p.id),
  };
}

/**
 * Sets a new password (the current one is asked for when there is one) and
 * ends every session of the account, this one included: whoever had the old
 * password, or a stolen session, is out. The form signs in again with the new one.
 * Guesses at the current password count against the sign-in limits.
 */
export async function changePassword(opts: { db: Db; user: SessionUser | null; body: unknown; limits?: Limiters; ip?: string }): Promise<{ ok: true }> {
  const user = requireUser(opts.user);
  const parsed = ZPasswordChange.safeParse(opts.body);
  if (!parsed.success) {
    throw new AppError('invalid_input', msg('apiErrors.account.fixFields'), { fieldTexts: ownFieldTexts(parsed.error.issues) });
  }
  const row = await opts.db.user.findUniqueOrThrow({ where: { id: user.id } });
  if (row.passwordHash) {
    const who = { email: row.email, ip: opts.ip ?? 'unknown' };
    const gate = opts.limits ? await admitSignIn(opts.limits, who) : { allowed: true as const };
    if (!gate.allowed) throw new AppError('rate_limited', msg('apiErrors.account.tooManyPasswords', { wait: waitText(gate.retryAfterSeconds) }), { retryAfterSeconds: gate.retryAfterSeconds });
    if (!(await verifyPassword(parsed.data.current ?? '', row.passwordHash))) {
      throw new AppError('invalid_input', msg('apiErrors.account.currentWrong'), { fieldTexts: { current: msg('apiErrors.account.currentWrongField') } });
    }
    if (opts.limits) await signInSucceeded(opts.limits, who);
  }
  await opts.db.user.update({ where: { id: row.id }, data: { passwordHash: await hashPassword(parsed.data.next), sessionVersion: { increment: 1 } } });
  return { ok: true };
}

/** Ends every session of a user (lost laptop, shared computer, suspected misuse). */
export async function signOutEverywhere(opts: { db: Db; user: SessionUser | null; userId: string }): Promise<{ signedOut: string }> {
  requireInstructor(opts.user);
  const target = await opts.db.user.findUnique({ where: { id: opts.userId } });
  if (!target) throw new AppError('not_found', msg('apiErrors.account.noUser'));
  await opts.db.user.update({ where: { id: target.id }, data: { sessionVersion: { increment: 1 } } });
  return { signedOut: target.name };
}

/** The signed cookie value that lets the next OAuth callback link `provider` to this user. */
export async function linkIntent(opts: { db: Db; user: SessionUser | null; env: Env; body: unknown }): Promise<{ provider: string; cookie: string }> {
  const user = requireUser(opts.user);
  const provider = z.object({ provider: z.enum(['github', 'google']) }).safeParse(opts.body);
  if (!provider.success) throw new AppError('invalid_input', msg('apiErrors.account.chooseProvider'));
  if (!oauthProviders(opts.env).some((p) => p.id === provider.data.provider)) throw new AppError('invalid_input', msg('apiErrors.account.providerOff'));
  const row = await opts.db.user.findUniqueOrThrow({ where: { id: user.id } });
  return {
    provider: provider.data.provider,
    cookie: signLinkIntent({ userId: row.id, provider: provider.data.provider, sessionVersion: row.sessionVersion }, authSecret(opts.env)),
  };
}

import { beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../lib/errors';
import type { Account, User } from 'next-auth';
import { createTestDb } from '../../helpers/test-db';
import { submitErrorOf } from '../../helpers/submit-error';
import { testLimits } from '../../helpers/limits';
import { authOptions } from '../../../lib/auth/options';
import { changePassword, linkIntent, signOutEverywhere } from '../../../lib/auth/account';
import { hashPassword, verifyPassword } from '../../../lib/auth/password';
import { readLinkIntent, signLinkIntent } from '../../../lib/auth/link-intent';
import { type SessionUser } from '../../../lib/auth/roles';
import { authSecret, parseEnv } from '../../../lib/env';
import type { Db } from '../../../lib/db';

let db: Db;
beforeEach(() => {
  db = createTestDb().db;
});
const env = parseEnv({ GITHUB_ID: 'gh', GITHUB_SECRET: 'ghs', NEXTAUTH_SECRET: 'a-test-secret-of-enough-length-0123' });
const asSession = (u: { id: string; email: string; name: string; role: string }) => ({ ...u, role: u.role }) as SessionUser;

/** A token as sealed at sign-in, and whether the app still accepts it. */
async function signedIn(userId: string) {
  const o = authOptions({ db, env });
  const token = await o.callbacks!.jwt!({ token: {}, user: { id: userId } as User, account: { provider: 'credentials', type: 'credentials', providerAccountId: userId } as Account, trigger: 'signIn' } as never);
  return async () => ((await o.callbacks!.session!({ session: { expires: '' }, token } as never)) as { user?: unknown }).user !== undefined;
}

describe('ending sessions', () => {
  it('an instructor signs a student out everywhere; the student signs in again afresh', async () => {
    const student = await db.user.create({ data: { email: 's@example.org', name: 'Sv', role: 'student' } });
    const inst = await db.user.create({ data: { email: 'i@example.org', name: 'In', role: 'instructor' } });
    const phone = await signedIn(student.id);
    const laptop = await signedIn(student.id);
    const instructorSession = await signedIn(inst.id);
    expect(await signOutEverywhere({ db, user: asSession(inst), userId: student.id })).toEqual({ signedOut: 'Sv' });
    expect([await phone(), await laptop()]).toEqual([false, false]);
    expect(await instructorSession()).toBe(true);
    expect(await (await signedIn(student.id))()).toBe(true);
  });

  it('only instructors can, and an unknown user is a 404', async () => {
    const a = await db.user.create({ data: { email: 'a@example.org', name: 'A', role: 'student' } });
    const b = await db.user.create({ data: { email: 'b@example.org', name: 'B', role: 'student' } });
    const refused = await signOutEverywhere({ db, user: asSession(a), userId: b.id }).catch((e) => e);
    expect(refused).toBeInstanceOf(AppError);
    expect(refused.code).toBe('forbidden');
    expect(await (await signedIn(b.id))()).toBe(true);
    const inst = await db.user.create({ data: { email: 'i@example.org', name: 'I', role: 'instructor' } });
    expect((await submitErrorOf(signOutEverywhere({ db, user: asSession(inst), userId: 'nobody' }))).code).toBe('not_found');
  });

  it('a password change needs the current password and ends every session of the account', async () => {
    const u = await db.user.create({ data: { email: 'l@example.org', name: 'L', role: 'student', passwordHash: await hashPassword('old password') } });
    const other = await signedIn(u.id);
    const wrong = await submitErrorOf(changePassword({ db, user: asSession(u), body: { current: 'guess', next: 'new password' } }));
    expect(wrong.details.fieldErrors?.current).toBe('Not your current password.');
    expect(await other()).toBe(true);
    expect((await submitErrorOf(changePassword({ db, user: asSession(u), body: { current: 'old password', next: 'short' } }))).details.fieldErrors?.next).toMatch(/at least 8/);
    await changePassword({ db, user: asSession(u), body: { current: 'old password', next: 'new password' } });
    expect(await other()).toBe(false);
    const row = await db.user.findUniqueOrThrow({ where: { id: u.id } });
    expect(await verifyPassword('new password', row.passwordHash)).toBe(true);
    expect(await verifyPassword('old password', row.passwordHash)).toBe(false);
  });

  it('guesses at the current password count against the sign-in limit (real Redis)', async () => {
    const t = testLimits();
    try {
      const u = await db.user.create({ data: { email: 'g@example.org', name: 'G', role: 'student', passwordHash: await hashPassword('old password') } });
      for (let i = 0; i < 10; i++) {
        expect((await submitErrorOf(changePassword({ db, user: asSession(u), limits: t.limits, ip: '192.0.2.5', body: { current: `guess ${i}`, next: 'new password' } }))).code).toBe('invalid_input');
      }
      const e = await submitErrorOf(changePassword({ db, user: asSession(u), limits: t.limits, ip: '192.0.2.6', body: { current: 'old password', next: 'new password' } }));
      expect(e.code).toBe('rate_limited');
      expect(e.details.retryAfterSeconds).toBeGreaterThan(0);
      expect(await verifyPassword('old password', (await db.user.findUniqueOrThrow({ where: { id: u.id } })).passwordHash)).toBe(true);
    } finally {
      await t.close();
    }
  });

  it('an OAuth-only account can set a first password', async () => {
    const u = await db.user.create({ data: { email: 'o@example.org', name: 'O', role: 'student' } });
    await changePassword({ db, user: asSession(u), body: { next: 'first password' } });
    expect(await verifyPassword('first password', (await db.user.findUniqueOrThrow({ where: { id: u.id } })).passwordHash)).toBe(true);
  });
});

describe('the wish to link a provider', () => {
  it('is signed, bound to the user\'s session version, and read back only intact and in time', async () => {
    const u = await db.user.create({ data: { email: 'i@example.org', name: 'I', role: 'instructor' } });
    const { cookie } = await linkIntent({ db, user: asSession(u), env, body: { provider: 'github' } });
    expect(readLinkIntent(cookie, authSecret(env))).toEqual({ userId: u.id, provider: 'github', sessionVersion: 0 });
    expect(readLinkIntent(cookie, 'another-secret-of-enough-length-xyz')).toBeNull();
    const [body, sig] = cookie.split('.');
    const forged = Buffer.from(JSON.stringify({ userId: 'someone-else', provider: 'github', sessionVersion: 0, exp: Date.now() + 1e6 })).toString('base64url');
    expect(readLinkIntent(`${forged}.${sig}`, authSecret(env))).toBeNull();
    expect(readLinkIntent(`${body}.${sig}x`, authSecret(env))).toBeNull();
    expect(readLinkIntent(cookie, authSecret(env), Date.now() + 11 * 60_000)).toBeNull();
    expect(readLinkIntent(signLinkIntent({ userId: u.id, provider: 'google', sessionVersion: 2 }, 's'), 's')).toMatchObject({ provider: 'google', sessionVersion: 2 });
  });

  it('is refused for a provider that is not switched on, and without a session', async () => {
    const u = await db.user.create({ data: { email: 'i@example.org', name: 'I', role: 'instructor' } });
    expect((await submitErrorOf(linkIntent({ db, user: asSession(u), env, body: { provider: 'google' } }))).message).toMatch(/not switched on/);
    expect((await submitErrorOf(linkIntent({ db, user: asSession(u), env, body: { provider: 'gitlab' } }))).code).toBe('invalid_input');
    expect(await linkIntent({ db, user: null, env, body: { provider: 'github' } }).catch((e) => e.code)).toBe('unauthenticated');
  });
});

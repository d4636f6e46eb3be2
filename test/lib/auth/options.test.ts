import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import bcrypt from 'bcryptjs';
import type { Account, User } from 'next-auth';
import { createTestDb } from '../../helpers/test-db';
import { authOptions } from '../../../lib/auth/options';
import { hashPassword } from '../../../lib/auth/password';
import { oauthProviders, parseEnv } from '../../../lib/env';
import type { Db } from '../../../lib/db';
import { testLimits } from '../../helpers/limits';
import { MAX_SESSION_AGE_MS } from '../../../lib/auth/session-version';
import type { LinkIntent } from '../../../lib/auth/link-intent';

const ids = (source: Record<string, string>) => authOptions({ env: parseEnv(source) }).providers.map((p) => p.id);

describe('auth providers follow the environment', () => {
  it('has only email + password by default', () => {
    expect(ids({})).toEqual(['credentials']);
    expect(oauthProviders(parseEnv({}))).toEqual([]);
  });

  it('switches a provider on only when both its id and secret are set', () => {
    expect(ids({ GITHUB_ID: 'gh' })).toEqual(['credentials']);
    expect(ids({ GITHUB_SECRET: 'ghs' })).toEqual(['credentials']);
    expect(ids({ GOOGLE_ID: 'go' })).toEqual(['credentials']);
    expect(ids({ GITHUB_ID: 'gh', GITHUB_SECRET: 'ghs' })).toEqual(['credentials', 'github']);
    expect(ids({ GOOGLE_ID: 'go', GOOGLE_SECRET: 'gos' })).toEqual(['credentials', 'google']);
    expect(ids({ GITHUB_ID: 'gh', GITHUB_SECRET: 'ghs', GOOGLE_ID: 'go', GOOGLE_SECRET: 'gos' })).toEqual(['credentials', 'github', 'google']);
    // An empty secret counts as unset, as in a .env file with the line left blank.
    expect(ids({ GITHUB_ID: 'gh', GITHUB_SECRET: '' })).toEqual(['credentials']);
  });

  it('passes the configured id and secret to the provider', () => {
    const gh = authOptions({ env: parseEnv({ GITHUB_ID: 'gh-id', GITHUB_SECRET: 'gh-secret' }) }).providers.find((p) => p.id === 'github');
    expect(gh?.options).toMatchObject({ clientId: 'gh-id', clientSecret: 'gh-secret' });
  });

  it('gives the sign-in page the same list the providers use', () => {
    expect(oauthProviders(parseEnv({ GITHUB_ID: 'gh', GOOGLE_ID: 'go', GOOGLE_SECRET: 'gos' })).map((p) => p.id)).toEqual(['google']);
  });
});

describe('auth callbacks', () => {
  let db: Db;
  beforeEach(() => {
    db = createTestDb().db;
  });
  // Counts of their own per test (a fresh key prefix on the real redis-server).
  let redis: ReturnType<typeof testLimits>;
  beforeEach(() => {
    redis = testLimits();
  });
  afterEach(() => redis.close());

  const ENV = { SIGNUP_MODE: 'open', GITHUB_ID: 'gh', GITHUB_SECRET: 'ghs' };
  const options = (env: Record<string, string> = ENV, ctx: { linkIntent?: LinkIntent; onThrottled?: (s: number) => void } = {}) =>
    authOptions({ db, env: parseEnv(env), limits: redis.limits, ...ctx });
  const githubAccount = (id = '1') => ({ provider: 'github', type: 'oauth', providerAccountId: id }) as Account;
  // GitHub's profile with the emails API answer attached, as lib/auth/options.ts asks for it.
  const githubProfile = (email: string, verified = true) => ({ id: 1, login: 'minh', email: 'public@x.org', emails: [{ email, primary: true, verified }] });
  const oauthSignIn = (o: ReturnType<typeof options>, email: string, verified = true, id = '1') =>
    o.callbacks!.signIn!({ user: { id, email, name: 'Minh' } as User, account: githubAccount(id), profile: githubProfile(email, verified) as never });
  /** The token next-auth would seal after this sign-in, then the session it gives. */
  const tokenAfter = (o: ReturnType<typeof options>, user: User, account: Account) =>
    o.callbacks!.jwt!({ token: {}, user, account, trigger: 'signIn' } as never) as Promise<Record<string, unknown>>;
  const sessionOf = (o: ReturnType<typeof options>, token: Record<string, unknown>) =>
    o.callbacks!.session!({ session: { expires: '' }, token } as never) as unknown as Promise<{ user?: { id: string; role: string } }>;
  const credentials = (o: ReturnType<typeof options>) =>
    (o.providers.find((p) => p.id === 'credentials')!.options as { authorize: (c: Record<string, string>, req: unknown) => Promise<unknown> }).authorize;

  it('OAuth in open mode creates a student for a new verified address, linked to the identity', async () => {
    const o = options();
    expect(await oauthSignIn(o, 'Minh@Example.org')).toBe(true);
    const u = await db.user.findUniqueOrThrow({ where: { email: 'minh@example.org' } });
    expect(u).toMatchObject({ role: 'student', passwordHash: null });
    const token = await tokenAfter(o, { id: '1' } as User, githubAccount());
    expect(token.uid).toBe(u.id);
    expect((await sessionOf(o, token)).user?.id).toBe(u.id);
  });

  it('OAuth with an unverified address neither links nor creates', async () => {
    await db.user.create({ data: { email: 'known@example.org', name: 'K', role: 'student' } });
    expect(await oauthSignIn(options(), 'known@example.org', false)).toBe('/signin?error=EmailNotVerified');
    expect(await oauthSignIn(options(), 'new@example.org', false)).toBe('/signin?error=EmailNotVerified');
    expect(await db.oAuthAccount.count()).toBe(0);
    expect(await db.user.count()).toBe(1);
  });

  it('OAuth in invite or closed mode links known students and turns strangers away', async () => {
    await db.user.create({ data: { email: 'known@example.org', name: 'K', role: 'student' } });
    for (const mode of ['invite', 'closed']) {
      const o = options({ ...ENV, SIGNUP_MODE: mode, INVITE_CODE: 'cnn-2026-spring' });
      expect(await oauthSignIn(o, 'known@example.org')).toBe(true);
      expect(await oauthSignIn(o, 'stranger@example.org', true, '2')).toBe('/signin?error=SignupClosed');
    }
    expect(await db.user.count()).toBe(1);
  });

  it('an instructor is not linked by email; linking from their signed-in profile works, and then OAuth signs in as them', async () => {
    const inst = await db.user.create({ data: { email: 'teacher@uni.edu', name: 'T', role: 'instructor' } });
    expect(await oauthSignIn(options(), 'teacher@uni.edu')).toBe('/signin?error=InstructorLinkFromProfile');
    expect(await db.oAuthAccount.count()).toBe(0);
    // A wish from a session that has since been ended does not count.
    const stale = options(ENV, { linkIntent: { userId: inst.id, provider: 'github', sessionVersion: inst.sessionVersion + 1 } });
    expect(await oauthSignIn(stale, 'teacher@uni.edu')).toBe('/signin?error=InstructorLinkFromProfile');
    // A wish for the other provider does not count either.
    const google = options(ENV, { linkIntent: { userId: inst.id, provider: 'google', sessionVersion: inst.sessionVersion } });
    expect(await oauthSignIn(google, 'teacher@uni.edu')).toBe('/signin?error=InstructorLinkFromProfile');
    const linking = options(ENV, { linkIntent: { userId: inst.id, provider: 'github', sessionVersion: inst.sessionVersion } });
    expect(await oauthSignIn(linking, 'someone-else@gmail.com', false)).toBe(true);
    expect(await db.oAuthAccount.findMany()).toMatchObject([{ provider: 'github', providerAccountId: '1', userId: inst.id }]);
    // Later, without any wish: the linked identity signs in as the instructor.
    const o = options();
    expect(await oauthSignIn(o, 'someone-else@gmail.com', false)).toBe(true);
    expect((await sessionOf(o, await tokenAfter(o, { id: '1' } as User, githubAccount()))).user).toMatchObject({ id: inst.id, role: 'instructor' });
  });

  it('an identity linked to one user cannot be linked to another', async () => {
    const a = await db.user.create({ data: { email: 'a@example.org', name: 'A', role: 'student' } });
    const b = await db.user.create({ data: { email: 'b@example.org', name: 'B', role: 'student' } });
    expect(await oauthSignIn(options(), 'a@example.org')).toBe(true);
    const linking = options(ENV, { linkIntent: { userId: b.id, provider: 'github', sessionVersion: 0 } });
    expect(await oauthSignIn(linking, 'a@example.org')).toBe('/signin?error=OAuthLinkedElsewhere');
    expect(await db.oAuthAccount.findMany()).toMatchObject([{ userId: a.id }]);
  });

  it('email + password: right password signs in, wrong one does not; bcrypt runs for unknown emails too', async () => {
    await db.user.create({ data: { email: 'lan@example.org', name: 'Lan', role: 'student', passwordHash: await hashPassword('correct horse') } });
    const authorize = credentials(options({}));
    const req = { headers: { 'x-forwarded-for': '192.0.2.1' } };
    expect(await authorize({ email: ' LAN@example.org', password: 'correct horse' }, req)).toMatchObject({ email: 'lan@example.org' });
    expect(await authorize({ email: 'lan@example.org', password: 'wrong horse' }, req)).toBeNull();
    const compare = vi.spyOn(bcrypt, 'compare');
    try {
      expect(await authorize({ email: 'nobody@example.org', password: 'correct horse' }, req)).toBeNull();
      expect(compare).toHaveBeenCalledTimes(1);
    } finally {
      compare.mockRestore();
    }
  });

  it('after 10 failures for an account in 15 minutes, the 11th try is refused before the password is checked, even from elsewhere', async () => {
    await db.user.create({ data: { email: 'lan@example.org', name: 'Lan', role: 'student', passwordHash: await hashPassword('correct horse') } });
    const waits: number[] = [];
    const authorize = credentials(options({}, { onThrottled: (s) => waits.push(s) }));
    for (let i = 0; i < 10; i++) {
      expect(await authorize({ email: 'lan@example.org', password: `guess ${i}` }, { headers: { 'x-forwarded-for': `198.51.100.${i}` } })).toBeNull();
    }
    await expect(authorize({ email: 'lan@example.org', password: 'correct horse' }, { headers: { 'x-forwarded-for': '192.0.2.99' } })).rejects.toThrow('TooManyAttempts');
    expect(waits).toHaveLength(1);
    expect(waits[0]).toBeGreaterThan(800);
    expect(waits[0]).toBeLessThanOrEqual(900);
    // Another account is not affected.
    await db.user.create({ data: { email: 'minh@example.org', name: 'Minh', role: 'student', passwordHash: await hashPassword('battery staple') } });
    expect(await authorize({ email: 'minh@example.org', password: 'battery staple' }, { headers: { 'x-forwarded-for': '192.0.2.99' } })).toMatchObject({ email: 'minh@example.org' });
  });

  it('after 10 failures from one address, that address waits, whichever accounts it tries', async () => {
    const authorize = credentials(options({}));
    const req = { headers: { 'x-forwarded-for': 'spoofed, 203.0.113.50' } };
    for (let i = 0; i < 10; i++) expect(await authorize({ email: `user${i}@example.org`, password: 'password1' }, req)).toBeNull();
    await expect(authorize({ email: 'fresh@example.org', password: 'password1' }, req)).rejects.toThrow('TooManyAttempts');
    // Only the last X-Forwarded-For entry counts: changing what the client wrote before it changes nothing.
    await expect(authorize({ email: 'fresh@example.org', password: 'password1' }, { headers: { 'x-forwarded-for': 'other, 203.0.113.50' } })).rejects.toThrow('TooManyAttempts');
  });

  it('a right password clears the account\'s failures', async () => {
    await db.user.create({ data: { email: 'lan@example.org', name: 'Lan', role: 'student', passwordHash: await hashPassword('correct horse') } });
    const authorize = credentials(options({}));
    const from = (i: number) => ({ headers: { 'x-forwarded-for': `198.51.100.${i}` } });
    for (let i = 0; i < 9; i++) await authorize({ email: 'lan@example.org', password: 'typo' }, from(i));
    expect(await authorize({ email: 'lan@example.org', password: 'correct horse' }, from(9))).not.toBeNull();
    for (let i = 0; i < 9; i++) expect(await authorize({ email: 'lan@example.org', password: 'typo' }, from(20 + i))).toBeNull();
  });

  it('the session carries the role read from the database now, and none for a deleted user', async () => {
    const u = await db.user.create({ data: { email: 'i@example.org', name: 'I', role: 'student' } });
    const o = options({});
    const token = await tokenAfter(o, { id: u.id } as User, { provider: 'credentials', type: 'credentials', providerAccountId: u.id } as Account);
    expect((await sessionOf(o, token)).user?.role).toBe('student');
    await db.user.update({ where: { id: u.id }, data: { role: 'instructor' } });
    expect((await sessionOf(o, token)).user?.role).toBe('instructor');
    await db.user.delete({ where: { id: u.id } });
    expect((await sessionOf(o, token)).user).toBeUndefined();
  });

  it('raising the session version ends every session signed in before; a new sign-in works', async () => {
    const u = await db.user.create({ data: { email: 'lan@example.org', name: 'Lan', role: 'student' } });
    const o = options({});
    const account = { provider: 'credentials', type: 'credentials', providerAccountId: u.id } as Account;
    const phone = await tokenAfter(o, { id: u.id } as User, account);
    const laptop = await tokenAfter(o, { id: u.id } as User, account);
    expect((await sessionOf(o, phone)).user?.id).toBe(u.id);
    await db.user.update({ where: { id: u.id }, data: { sessionVersion: { increment: 1 } } });
    expect((await sessionOf(o, phone)).user).toBeUndefined();
    expect((await sessionOf(o, laptop)).user).toBeUndefined();
    expect((await sessionOf(o, await tokenAfter(o, { id: u.id } as User, account))).user?.id).toBe(u.id);
  });

  it('refuses a token without our claims (sealed before session versions, or forged by email alone) and one signed in too long ago', async () => {
    const u = await db.user.create({ data: { email: 'lan@example.org', name: 'Lan', role: 'student' } });
    const o = options({});
    expect((await sessionOf(o, { email: 'lan@example.org' })).user).toBeUndefined();
    expect((await sessionOf(o, { uid: u.id, sv: 0 })).user).toBeUndefined();
    expect((await sessionOf(o, { uid: u.id, sv: 0, authAt: Date.now() - MAX_SESSION_AGE_MS - 1000 })).user).toBeUndefined();
    expect((await sessionOf(o, { uid: u.id, sv: 0, authAt: Date.now() })).user?.id).toBe(u.id);
  });
});

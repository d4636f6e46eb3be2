import { beforeEach, describe, expect, it } from 'vitest';
import type { Account, User } from 'next-auth';
import { createTestDb } from '../../helpers/test-db';
import { authOptions } from '../../../lib/auth/options';
import { hashPassword } from '../../../lib/auth/password';
import { oauthProviders, parseEnv } from '../../../lib/env';
import type { Db } from '../../../lib/db';

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

  const github = { provider: 'github', type: 'oauth', providerAccountId: '1' } as Account;
  const oauthSignIn = (mode: string, email: string | null) => {
    const opts = authOptions({ db, env: parseEnv({ SIGNUP_MODE: mode, INVITE_CODE: 'cnn-2026', GITHUB_ID: 'gh', GITHUB_SECRET: 'ghs' }) });
    return opts.callbacks!.signIn!({ user: { id: '1', email, name: 'Minh' } as User, account: github });
  };

  it('OAuth in open mode creates a student for a new address', async () => {
    expect(await oauthSignIn('open', 'Minh@Example.org')).toBe(true);
    expect(await db.user.findUnique({ where: { email: 'minh@example.org' } })).toMatchObject({ role: 'student', passwordHash: null });
  });

  it('OAuth in invite or closed mode lets known users in and turns strangers away', async () => {
    await db.user.create({ data: { email: 'known@example.org', name: 'K', role: 'student' } });
    for (const mode of ['invite', 'closed']) {
      expect(await oauthSignIn(mode, 'known@example.org')).toBe(true);
      expect(await oauthSignIn(mode, 'stranger@example.org')).toBe('/signin?error=SignupClosed');
    }
    expect(await db.user.count()).toBe(1);
  });

  it('OAuth without an email is refused', async () => {
    expect(await oauthSignIn('open', null)).toBe(false);
  });

  it('email + password: right password signs in, wrong one does not', async () => {
    await db.user.create({ data: { email: 'lan@example.org', name: 'Lan', role: 'student', passwordHash: await hashPassword('correct horse') } });
    const creds = authOptions({ db, env: parseEnv({}) }).providers.find((p) => p.id === 'credentials')!;
    const authorize = (creds.options as { authorize: (c: Record<string, string>) => Promise<unknown> }).authorize;
    expect(await authorize({ email: ' LAN@example.org', password: 'correct horse' })).toMatchObject({ email: 'lan@example.org' });
    expect(await authorize({ email: 'lan@example.org', password: 'wrong horse' })).toBeNull();
    expect(await authorize({ email: 'nobody@example.org', password: 'correct horse' })).toBeNull();
  });

  it('the session carries the role read from the database now, and none for a deleted user', async () => {
    const u = await db.user.create({ data: { email: 'i@example.org', name: 'I', role: 'student' } });
    const session = authOptions({ db, env: parseEnv({}) }).callbacks!.session!;
    const call = () => session({ session: { expires: '' }, token: { email: 'i@example.org' } } as never) as unknown as Promise<{ user?: { role: string } }>;
    expect((await call()).user?.role).toBe('student');
    await db.user.update({ where: { id: u.id }, data: { role: 'instructor' } });
    expect((await call()).user?.role).toBe('instructor');
    await db.user.delete({ where: { id: u.id } });
    expect((await call()).user).toBeUndefined();
  });
});

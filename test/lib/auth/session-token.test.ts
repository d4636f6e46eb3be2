import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { encode } from 'next-auth/jwt';
import { createTestDb } from '../../helpers/test-db';
import { sessionCookie, userFromSessionToken } from '../../../lib/auth/session-token';
import { cookieValue } from '../../../lib/http/cookies';
import type { Db } from '../../../lib/db';

const secret = 'a-test-secret-of-enough-length-0123';
let db: Db;
let userId: string;
beforeEach(async () => {
  db = createTestDb().db;
  userId = (await db.user.create({ data: { email: 'ana@example.edu', name: 'Ana', role: 'student' } })).id;
});
const seal = (claims: Record<string, unknown>, key = secret) => encode({ token: { uid: userId, sv: 0, authAt: Date.now(), ...claims }, secret: key });

describe('the session cookie in a Cookie header', () => {
  it('finds a cookie by its exact name and decodes it', () => {
    expect(cookieValue('a=1; next-auth.session-token=x%3Dy; b=2', 'next-auth.session-token')).toBe('x=y');
    expect(cookieValue('xnext-auth.session-token=1', 'next-auth.session-token')).toBeUndefined();
    expect(cookieValue('next-auth.session-token=%E0%A4%A', 'next-auth.session-token')).toBe('%E0%A4%A');
    expect(cookieValue(null, 'a')).toBeUndefined();
  });

  it('tells a whole token from a chunked one and from none', () => {
    expect(sessionCookie('__Secure-next-auth.session-token=abc')).toEqual({ token: 'abc' });
    expect(sessionCookie('next-auth.session-token.0=ab; next-auth.session-token.1=cd')).toEqual({ chunked: true });
    expect(sessionCookie('theme=dark')).toBeNull();
    expect(sessionCookie(undefined)).toBeNull();
  });
});

describe('the user a session token belongs to', () => {
  it('accepts a token sealed with the secret and refuses one sealed with another', async () => {
    expect(await userFromSessionToken(await seal({}), { db, secret })).toMatchObject({ id: userId, name: 'Ana', role: 'student' });
    expect(await userFromSessionToken(await seal({}, 'another-secret-of-enough-length-xyz'), { db, secret })).toBeNull();
    expect(await userFromSessionToken('not-a-token', { db, secret })).toBeNull();
  });

  it('a token it has decoded before still ends with "sign out everywhere" and with the user', async () => {
    const token = await seal({});
    expect(await userFromSessionToken(token, { db, secret })).not.toBeNull();
    await db.user.update({ where: { id: userId }, data: { sessionVersion: { increment: 1 } } });
    expect(await userFromSessionToken(token, { db, secret })).toBeNull();
    const fresh = await seal({ sv: 1 });
    expect(await userFromSessionToken(fresh, { db, secret })).not.toBeNull();
    await db.user.delete({ where: { id: userId } });
    expect(await userFromSessionToken(fresh, { db, secret })).toBeNull();
  });

  afterEach(() => vi.useRealTimers());

  it('a kept token is refused once it has expired', async () => {
    const token = await encode({ token: { uid: userId, sv: 0, authAt: Date.now() }, secret, maxAge: 60 });
    expect(await userFromSessionToken(token, { db, secret })).not.toBeNull();
    // past next-auth's own 15 s of clock tolerance
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 90_000);
    expect(await userFromSessionToken(token, { db, secret })).toBeNull();
  });

  it('the same token under another secret is decoded afresh, not taken from what was kept', async () => {
    const token = await seal({});
    expect(await userFromSessionToken(token, { db, secret })).not.toBeNull();
    expect(await userFromSessionToken(token, { db, secret: 'another-secret-of-enough-length-xyz' })).toBeNull();
  });
});

import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDb } from '../../helpers/test-db';
import { testLimits } from '../../helpers/limits';
import { SIGNUP_ACCEPTED, signUp } from '../../../lib/auth/signup';
import { verifyPassword } from '../../../lib/auth/password';
import type { Db } from '../../../lib/db';
import { submitErrorOf } from '../../helpers/submit-error';

let db: Db;
beforeEach(() => {
  db = createTestDb().db;
});
const redis = testLimits();
afterAll(() => redis.close());

const CODE = 'cnn-2026-spring-x7';
const open = { SIGNUP_MODE: 'open', INVITE_CODE: undefined } as const;
const invite = { SIGNUP_MODE: 'invite', INVITE_CODE: CODE } as const;
const closed = { SIGNUP_MODE: 'closed', INVITE_CODE: undefined } as const;
const body = (extra: Record<string, unknown> = {}) => ({ name: 'Lan', email: ' Lan@Example.org ', password: 'correct horse', ...extra });

describe('sign-up', () => {
  it('open: creates a student with a hashed password and a normalised email', async () => {
    expect(await signUp({ db, env: open, body: body() })).toEqual({ created: true, message: SIGNUP_ACCEPTED });
    const u = await db.user.findUniqueOrThrow({ where: { email: 'lan@example.org' } });
    expect(u).toMatchObject({ email: 'lan@example.org', name: 'Lan', role: 'student' });
    expect(u.passwordHash).not.toContain('correct horse');
    expect(await verifyPassword('correct horse', u.passwordHash)).toBe(true);
  });

  it('ignores a role in the body: nobody signs themselves up as instructor', async () => {
    await signUp({ db, env: open, body: body({ role: 'instructor' }) });
    expect((await db.user.findUniqueOrThrow({ where: { email: 'lan@example.org' } })).role).toBe('student');
  });

  it('answers a taken email (any case) exactly as a new one, and changes nothing', async () => {
    const fresh = await signUp({ db, env: open, body: body() });
    const before = await db.user.findUniqueOrThrow({ where: { email: 'lan@example.org' } });
    const taken = await signUp({ db, env: open, body: body({ email: 'LAN@example.org', name: 'Other', password: 'another horse' }) });
    // What the route sends is the message: the same text for both.
    expect(taken.message).toBe(fresh.message);
    expect(taken.created).toBe(false);
    expect(await db.user.count()).toBe(1);
    expect(await db.user.findUniqueOrThrow({ where: { email: 'lan@example.org' } })).toEqual(before);
  });

  it('lets only one of two simultaneous sign-ups for one address make an account, both answered alike', async () => {
    const results = await Promise.all([signUp({ db, env: open, body: body() }), signUp({ db, env: open, body: body() })]);
    expect(results.map((r) => r.created).sort()).toEqual([false, true]);
    expect(new Set(results.map((r) => r.message)).size).toBe(1);
    expect(await db.user.count()).toBe(1);
  });

  it('refuses a weak password and a bad email with field messages, storing nothing', async () => {
    const e = await submitErrorOf(signUp({ db, env: open, body: body({ password: 'short', email: 'not-an-email' }) }));
    expect(e.code).toBe('invalid_input');
    expect(e.message).toBe('Please fix the highlighted fields.');
    expect(e.details.fieldErrors?.password).toBe('Passwords need at least 8 characters.');
    expect(e.details.fieldErrors?.email).toBe('That is not an email address.');
    expect(await db.user.count()).toBe(0);
  });

  it('refuses a missing name and a body that is not an object', async () => {
    expect((await submitErrorOf(signUp({ db, env: open, body: body({ name: '  ' }) }))).details.fieldErrors?.name).toBe('Please give your name.');
    expect((await submitErrorOf(signUp({ db, env: open, body: 'hello' }))).code).toBe('invalid_input');
  });

  it('invite: accepts the right code', async () => {
    await signUp({ db, env: invite, body: body({ invite: CODE }) });
    expect(await db.user.count()).toBe(1);
  });

  it('invite: refuses a wrong, shorter, longer, differently cased or missing code, storing nothing', async () => {
    for (const code of ['cnn-2025-spring-x7', CODE.slice(0, -1), `${CODE}x`, CODE.toUpperCase(), undefined, '']) {
      const e = await submitErrorOf(signUp({ db, env: invite, body: body({ invite: code }) }));
      expect(e.code).toBe('invalid_input');
      expect(e.message).toBe('That invite code is not valid.');
      expect(e.details.fieldErrors?.invite).toBe('Invalid invite code.');
    }
    expect(await db.user.count()).toBe(0);
  });

  it('open mode does not need an invite code', async () => {
    await signUp({ db, env: { SIGNUP_MODE: 'open', INVITE_CODE: CODE }, body: body() });
    expect(await db.user.count()).toBe(1);
  });

  it('closed: refuses even a valid body, and says whom to ask', async () => {
    const e = await submitErrorOf(signUp({ db, env: closed, body: body() }));
    expect(e.code).toBe('conflict');
    expect(e.message).toMatch(/Sign-up is closed; ask your instructor/);
    expect(await db.user.count()).toBe(0);
  });
});

describe('sign-up limits per address (real Redis)', () => {
  it('after 10 wrong invite codes from one address, even the right code waits; another address is not affected', async () => {
    const { limits } = redis;
    for (let i = 0; i < 10; i++) {
      expect((await submitErrorOf(signUp({ db, env: invite, limits, ip: '203.0.113.7', body: body({ invite: `wrong-code-number-${i}` }) }))).code).toBe('invalid_input');
    }
    const blocked = await submitErrorOf(signUp({ db, env: invite, limits, ip: '203.0.113.7', body: body({ invite: CODE }) }));
    expect(blocked.code).toBe('rate_limited');
    expect(blocked.message).toMatch(/Too many wrong invite codes from your network\. Try again in (1 hour|\d+ minutes)\./);
    expect(blocked.details.retryAfterSeconds).toBeGreaterThan(0);
    expect(await db.user.count()).toBe(0);
    await signUp({ db, env: invite, limits, ip: '198.51.100.2', body: body({ invite: CODE }) });
    expect(await db.user.count()).toBe(1);
  });

  it('right invite codes are not counted as wrong ones', async () => {
    const { limits } = redis;
    for (let i = 0; i < 12; i++) await signUp({ db, env: invite, limits, ip: '203.0.113.8', body: body({ email: `s${i}@example.org`, invite: CODE }) });
    expect(await db.user.count()).toBe(12);
  });

  it('counts sign-ups per address: the 31st in an hour is refused with a wait', async () => {
    const { limits } = redis;
    for (let i = 0; i < 30; i++) await signUp({ db, env: open, limits, ip: '203.0.113.9', body: body({ email: `t${i}@example.org` }) });
    const e = await submitErrorOf(signUp({ db, env: open, limits, ip: '203.0.113.9', body: body({ email: 'late@example.org' }) }));
    expect(e.code).toBe('rate_limited');
    expect(e.message).toMatch(/Too many sign-ups/);
    expect(await db.user.findUnique({ where: { email: 'late@example.org' } })).toBeNull();
  });
});

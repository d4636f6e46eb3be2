import { beforeEach, describe, expect, it } from 'vitest';
import { createTestDb } from '../../helpers/test-db';
import { signUp } from '../../../lib/auth/signup';
import { verifyPassword } from '../../../lib/auth/password';
import type { SubmitError } from '../../../lib/submissions/errors';
import type { Db } from '../../../lib/db';
import { submitErrorOf } from '../../helpers/submit-error';

let db: Db;
beforeEach(() => {
  db = createTestDb().db;
});

const open = { SIGNUP_MODE: 'open', INVITE_CODE: undefined } as const;
const invite = { SIGNUP_MODE: 'invite', INVITE_CODE: 'cnn-2026' } as const;
const closed = { SIGNUP_MODE: 'closed', INVITE_CODE: undefined } as const;
const body = (extra: Record<string, unknown> = {}) => ({ name: 'Lan', email: ' Lan@Example.org ', password: 'correct horse', ...extra });


describe('sign-up', () => {
  it('open: creates a student with a hashed password and a normalised email', async () => {
    const { userId } = await signUp({ db, env: open, body: body() });
    const u = await db.user.findUniqueOrThrow({ where: { id: userId } });
    expect(u).toMatchObject({ email: 'lan@example.org', name: 'Lan', role: 'student' });
    expect(u.passwordHash).not.toContain('correct horse');
    expect(await verifyPassword('correct horse', u.passwordHash)).toBe(true);
  });

  it('ignores a role in the body: nobody signs themselves up as instructor', async () => {
    const { userId } = await signUp({ db, env: open, body: body({ role: 'instructor' }) });
    expect((await db.user.findUniqueOrThrow({ where: { id: userId } })).role).toBe('student');
  });

  it('refuses a duplicate email (any case) with a sign-in hint and keeps one account', async () => {
    await signUp({ db, env: open, body: body() });
    const e = await submitErrorOf(signUp({ db, env: open, body: body({ email: 'LAN@example.org', name: 'Other' }) }));
    expect(e.status).toBe(409);
    expect(e.message).toMatch(/already exists; sign in instead/);
    expect(e.fieldErrors?.email).toBe('Already registered.');
    expect(await db.user.count()).toBe(1);
  });

  it('lets only one of two simultaneous sign-ups for one address through', async () => {
    const results = await Promise.allSettled([signUp({ db, env: open, body: body() }), signUp({ db, env: open, body: body() })]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const lost = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect((lost?.reason as SubmitError).status).toBe(409);
    expect(await db.user.count()).toBe(1);
  });

  it('refuses a weak password and a bad email with field messages, storing nothing', async () => {
    const e = await submitErrorOf(signUp({ db, env: open, body: body({ password: 'short', email: 'not-an-email' }) }));
    expect(e.status).toBe(400);
    expect(e.message).toBe('Please fix the highlighted fields.');
    expect(e.fieldErrors?.password).toBe('Passwords need at least 8 characters.');
    expect(e.fieldErrors?.email).toBe('That is not an email address.');
    expect(await db.user.count()).toBe(0);
  });

  it('refuses a missing name and a body that is not an object', async () => {
    expect((await submitErrorOf(signUp({ db, env: open, body: body({ name: '  ' }) }))).fieldErrors?.name).toBe('Please give your name.');
    expect((await submitErrorOf(signUp({ db, env: open, body: 'hello' }))).status).toBe(400);
  });

  it('invite: accepts the right code', async () => {
    await signUp({ db, env: invite, body: body({ invite: 'cnn-2026' }) });
    expect(await db.user.count()).toBe(1);
  });

  it('invite: refuses a wrong or missing code, storing nothing', async () => {
    for (const code of ['cnn-2025', 'CNN-2026', undefined, '']) {
      const e = await submitErrorOf(signUp({ db, env: invite, body: body({ invite: code }) }));
      expect(e.status).toBe(400);
      expect(e.message).toBe('That invite code is not valid.');
      expect(e.fieldErrors?.invite).toBe('Invalid invite code.');
    }
    expect(await db.user.count()).toBe(0);
  });

  it('open mode does not need an invite code', async () => {
    await signUp({ db, env: { SIGNUP_MODE: 'open', INVITE_CODE: 'cnn-2026' }, body: body() });
    expect(await db.user.count()).toBe(1);
  });

  it('closed: refuses even a valid body, and says whom to ask', async () => {
    const e = await submitErrorOf(signUp({ db, env: closed, body: body() }));
    expect(e.status).toBe(409);
    expect(e.message).toMatch(/Sign-up is closed; ask your instructor/);
    expect(await db.user.count()).toBe(0);
  });
});

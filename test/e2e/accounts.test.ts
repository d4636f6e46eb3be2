import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startPlatform, type Platform } from './platform';

// Against the built app: the sign-in rate limit answers 429 with Retry-After
// and the form says when to try again; sign-up answers alike for a taken
// address; an instructor signs a student out everywhere.

let platform: Platform;
beforeAll(async () => {
  platform = await startPlatform({ redisUrl: `${inject('redisUrl')}/11` });
});
afterAll(async () => {
  await platform?.stop();
});

const account = (who: 'student' | 'student2' | 'instructor') => platform.account(who);
/** A browser context that looks like another client address (the last X-Forwarded-For entry counts). */
const client = (address: string) => platform.browser().newContext({ baseURL: platform.url, extraHTTPHeaders: { 'x-forwarded-for': address } });

describe('accounts in the running app', () => {
  it('after 10 failed sign-ins for an account: 429 with Retry-After, even for the right password, and the form says when to try again', async () => {
    const ctx = await client('203.0.113.77');
    const { csrfToken } = await (await ctx.request.get('/api/auth/csrf')).json();
    const { email, password } = account('student2');
    const attempt = (pw: string) => ctx.request.post('/api/auth/callback/credentials', { form: { csrfToken, email, password: pw, callbackUrl: '/', json: 'true' } });
    for (let i = 0; i < 10; i++) expect((await attempt(`wrong ${i}`)).status()).toBe(401);
    const refused = await attempt(password);
    expect(refused.status()).toBe(429);
    const wait = Number(refused.headers()['retry-after']);
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(900);
    expect((await refused.json()).error).toBe('TooManyAttempts');

    // The same account from another address is still refused (the limit is per account too).
    const page = await (await client('198.51.100.23')).newPage();
    await page.goto('/signin');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.locator('p.error[role=alert]').textContent()).toMatch(/Too many failed sign-ins\. Try again in (1[0-5]|[1-9]) minutes? \(at /);
    expect(page.url()).toContain('/signin');
  });

  it('sign-up answers a taken address exactly as a new one', async () => {
    const ctx = await client('203.0.113.88');
    const post = (email: string) =>
      ctx.request.post('/api/signup', { headers: { origin: platform.url }, data: { name: 'Probe', email, password: 'some password' } });
    const taken = await post(account('student').email);
    const fresh = await post(`new-${Date.now()}@example.org`);
    expect(taken.status()).toBe(201);
    expect(fresh.status()).toBe(201);
    expect(await taken.json()).toEqual(await fresh.json());
    // Nothing changed for the taken address: its owner still signs in with the old password.
    const page = await (await client('203.0.113.89')).newPage();
    await platform.signIn(page, 'student');
  });

  it('an instructor signs a student out everywhere; the student must sign in again', async () => {
    const studentPage = await (await client('203.0.113.90')).newPage();
    await platform.signIn(studentPage, 'student');
    await studentPage.goto('/exercises');
    expect(new URL(studentPage.url()).pathname).toBe('/exercises');

    const teacher = await (await client('203.0.113.91')).newPage();
    await platform.signIn(teacher, 'instructor');
    const student = await platform.db.user.findUniqueOrThrow({ where: { email: account('student').email } });
    await teacher.goto(`/instructor/students/${student.id}`);
    teacher.once('dialog', (d) => void d.accept());
    await teacher.getByRole('button', { name: 'Sign out everywhere' }).click();
    await expect.poll(() => teacher.getByRole('status').textContent()).toContain('is signed out everywhere');

    // The old cookie cannot submit either: the submit route checks the session version too.
    const before = await platform.db.submission.count({ where: { userId: student.id } });
    const submit = await studentPage.request.post('/api/exercises/conv3x3/submissions', {
      headers: { origin: platform.url },
      data: { language: 'python', source: 'print(1)', mode: 'submit' },
    });
    expect(submit.status()).toBe(401);
    expect(await platform.db.submission.count({ where: { userId: student.id } })).toBe(before);

    await studentPage.goto('/exercises');
    await studentPage.waitForURL(/\/signin/);
    // The instructor's own session is untouched.
    await teacher.goto('/instructor');
    expect(new URL(teacher.url()).pathname).toBe('/instructor');
  });
});

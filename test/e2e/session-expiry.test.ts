import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startPlatform, type Platform } from './platform';
import { DEMO_STUDENTS } from '../../prisma/seed';

// An expired session (cookie gone) while a student works: each page says so,
// links to sign-in with a way back, and nothing typed is lost.

let platform: Platform;
beforeAll(async () => {
  platform = await startPlatform({ redisUrl: `${inject('redisUrl')}/10` });
});
afterAll(async () => {
  await platform?.stop();
});

const student = DEMO_STUDENTS.find((a) => a.email === 'student@convgrade.local')!;
const expire = (page: Page) => page.context().clearCookies();
const studentId = async () => (await platform.db.user.findUniqueOrThrow({ where: { email: student.email } })).id;

async function signInHere(page: Page) {
  await page.getByLabel('Email').fill(student.email);
  await page.getByLabel('Password').fill(student.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/signin'));
}

describe('expired sessions in the browser', () => {
  it('code form: says the session expired, submits nothing, and keeps the code through sign-in', async () => {
    const page = await platform.newPage();
    await platform.signIn(page, 'student');
    await page.goto('/exercises/conv3x3');
    await page.getByTestId('editor').waitFor();
    const marker = `# draft kept ${Date.now()}`;
    const editor = page.locator('.cm-content');
    await editor.click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type(`\n${marker}\n`);
    const before = await platform.db.submission.count({ where: { userId: await studentId() } });

    await expire(page);
    await page.getByRole('button', { name: 'Submit for grading' }).click();
    const alert = page.getByTestId('session-expired');
    await expect.poll(() => alert.textContent()).toContain('Your session expired — sign in again');
    const callback = async () => new URL((await alert.getByRole('link', { name: 'sign in again' }).getAttribute('href'))!, platform.url).searchParams.get('callbackUrl');
    await expect.poll(callback).toBe('/exercises/conv3x3');
    expect(await platform.db.submission.count({ where: { userId: await studentId() } })).toBe(before);

    await alert.getByRole('link', { name: 'sign in again' }).click();
    await page.waitForURL(/\/signin/);
    await signInHere(page);
    await page.waitForURL(/\/exercises\/conv3x3$/);
    await page.getByTestId('editor').waitFor();
    await expect.poll(() => editor.textContent()).toContain(marker);
  });

  it('numeric form: says the session expired and keeps the typed answers', async () => {
    const page = await platform.newPage();
    await platform.signIn(page, 'student');
    await page.goto('/exercises/conv-output-size');
    await page.locator('input[name="height"]').fill('12');
    await expire(page);
    await page.getByRole('button', { name: 'Check answer' }).click();
    const alert = page.getByTestId('session-expired');
    await expect.poll(() => alert.textContent()).toContain('Your session expired — sign in again');
    // The link learns the page's URL after mount (the server render cannot know it).
    await expect.poll(() => alert.getByRole('link', { name: 'sign in again' }).getAttribute('href')).toBe('/signin?callbackUrl=%2Fexercises%2Fconv-output-size');
    expect(await page.locator('input[name="height"]').inputValue()).toBe('12');
    expect(await platform.db.submission.count({ where: { userId: await studentId(), exerciseId: 'conv-output-size' } })).toBe(0);
  });

  it('submission page: stops polling and shows the sign-in link instead of failing silently', async () => {
    const page = await platform.newPage();
    await platform.signIn(page, 'student');
    // A submission a worker is still on (fresh, so the reconciler leaves it be).
    const sub = await platform.db.submission.create({
      data: {
        userId: await studentId(),
        exerciseId: 'conv3x3',
        exerciseVersion: (await platform.db.exercise.findUniqueOrThrow({ where: { id: 'conv3x3' } })).version,
        kind: 'code',
        language: 'python',
        payload: 'print(1)',
        status: 'running',
        queue: 'grade',
        enqueuedAt: new Date(),
      },
    });
    await page.goto(`/submissions/${sub.id}`);
    expect(await page.getByTestId('status').textContent()).toBe('running');
    const polls: number[] = [];
    page.on('response', (r) => {
      if (r.url().endsWith(`/api/submissions/${sub.id}`)) polls.push(r.status());
    });
    await expire(page);
    const alert = page.getByTestId('session-expired');
    await expect.poll(() => alert.count(), { timeout: 15_000 }).toBe(1);
    expect(await alert.textContent()).toContain('Your session expired — sign in again');
    await expect.poll(() => alert.getByRole('link', { name: 'sign in again' }).getAttribute('href')).toBe(`/signin?callbackUrl=${encodeURIComponent(`/submissions/${sub.id}`)}`);
    // The notice follows a 401 from the poll, and the last known status stays on the page.
    expect(polls).toContain(401);
    expect(await page.getByTestId('status').textContent()).toBe('running');
  });
});

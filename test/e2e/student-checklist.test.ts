import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startPlatform, type Platform } from './platform';

let platform: Platform;
beforeAll(async () => {
  platform = await startPlatform({ redisUrl: `${inject('redisUrl')}/7` });
});
afterAll(async () => {
  await platform?.stop();
});

describe('demo student in the browser', () => {
  it('is told about a wrong password and stays signed out', async () => {
    const page = await platform.newPage();
    await page.goto('/');
    await page.waitForURL(/\/signin/);
    await page.getByLabel('Email').fill('student@convgrade.local');
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.locator('p.error[role=alert]').textContent()).toContain('Wrong email or password');
    await page.goto('/');
    await page.waitForURL(/\/signin/);
  });

  it('ticks a checklist item, reloads and sees it kept', async () => {
    const page = await platform.newPage();
    await platform.signIn(page, 'student');
    await page.goto('/');
    const box = page.getByRole('checkbox', { name: 'Install all necessary environments' });
    await expect.poll(() => box.isChecked()).toBe(false);
    await box.check();
    await expect
      .poll(async () => {
        const user = await platform.db.user.findUniqueOrThrow({ where: { email: 'student@convgrade.local' } });
        return platform.db.checklistProgress.count({ where: { userId: user.id } });
      })
      .toBe(1);
    await page.reload();
    expect(await page.getByRole('checkbox', { name: 'Install all necessary environments' }).isChecked()).toBe(true);
    await expect.poll(() => page.locator('[data-week="1"] .badge').first().textContent()).toMatch(/^1 \//);
  });

  it('cannot open the instructor area, in the page or through its API', async () => {
    const page = await platform.newPage();
    await platform.signIn(page, 'student');
    await page.goto('/instructor');
    expect(await page.getByTestId('forbidden').textContent()).toContain('Instructors only');
    expect(await page.locator('[data-testid=progress-matrix]').count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Instructor' }).count()).toBe(0);
    // The server checks the role too: the grades export answers 403 and sends no CSV.
    const res = await page.request.get('/api/instructor/grades?format=canvas');
    expect(res.status()).toBe(403);
    expect(res.headers()['content-type']).toContain('application/json');
  });

  it('gets a clear 404 for an exercise that does not exist', async () => {
    const page = await platform.newPage();
    await platform.signIn(page, 'student');
    const res = await page.request.post('/api/exercises/no-such-exercise/submissions', { data: { answer: {} }, headers: { origin: platform.url } });
    expect(res.status()).toBe(404);
    expect((await res.json()).error).toContain('no exercise "no-such-exercise"');
  });
});

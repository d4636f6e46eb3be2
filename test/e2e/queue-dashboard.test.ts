import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startPlatform, type Platform } from './platform';

// bull-board's dashboard renders in a real browser under the site's
// Content-Security-Policy, for instructors only.

let platform: Platform;
beforeAll(async () => {
  platform = await startPlatform({ redisUrl: `${inject('redisUrl')}/3` });
});
afterAll(async () => {
  await platform?.stop();
});

describe('the queue dashboard', () => {
  it('shows both queues to an instructor, with nothing refused by the page policy', async () => {
    const page = await platform.newPage();
    const refused: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) refused.push(m.text());
    });
    await platform.signIn(page, 'instructor');
    await page.goto('/instructor');
    await page.getByRole('link', { name: 'Queues' }).click();
    await page.waitForURL('**/instructor/queues**');
    await expect.poll(() => page.title()).toBe('ConvGrade queues');
    // the React app ran: it fetched the queues and lists them
    await page.getByText('grade', { exact: true }).first().waitFor({ timeout: 30_000 });
    await page.getByText('train', { exact: true }).first().waitFor();
    expect(refused).toEqual([]);
  });

  it('turns a student away', async () => {
    const page = await platform.newPage();
    await platform.signIn(page, 'student');
    const res = await page.goto('/instructor/queues');
    expect(res?.status()).toBe(403);
    expect(await page.textContent('body')).toContain('Instructors only');
  });
});

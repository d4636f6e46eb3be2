import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startPlatform, type Platform } from './platform';
import { variantSeed } from '../../lib/exercises/numeric';
import { correctAnswer } from '../helpers/exercises';

let platform: Platform;
beforeAll(async () => {
  platform = await startPlatform({ redisUrl: `${inject('redisUrl')}/8` });
});
afterAll(async () => {
  await platform?.stop();
});

describe('demo student answers exercises in the browser', () => {
  it('answers a numeric variant wrongly, then malformed, then rightly', async () => {
    const page = await platform.newPage();
    await platform.signIn(page, 'student');
    await page.goto('/exercises/conv-output-size');
    await page.locator('.katex').first().waitFor(); // the prompt's math is rendered by KaTeX
    const fill = async (values: Record<string, string>) => {
      for (const [name, v] of Object.entries(values)) await page.locator(`input[name="${name}"]`).fill(v);
      await page.getByRole('button', { name: 'Check answer' }).click();
    };

    await fill({ height: '1', width: '1', channels: '1' });
    await expect.poll(() => page.getByTestId('score').textContent()).toBe('0');
    // Feedback names the wrong field but not the right value.
    const user = await platform.db.user.findUniqueOrThrow({ where: { email: 'student@convgrade.local' } });
    const right = correctAnswer('conv-output-size', variantSeed(user.id, 'conv-output-size'));
    const feedback = await page.getByTestId('result').textContent();
    expect(feedback).toMatch(/failed/);
    expect(feedback).not.toContain(`${right.height}`.length > 1 ? ` ${right.height} ` : '\u0000');

    await fill({ height: 'abc', width: '1', channels: '1' });
    await expect.poll(() => page.locator('p.error[role=alert]').textContent()).toContain('not numbers');
    expect(await platform.db.submission.count({ where: { userId: user.id, exerciseId: 'conv-output-size' } })).toBe(1);

    await fill({ height: ` ${right.height} `, width: String(right.width), channels: String(right.channels) });
    await expect.poll(() => page.getByTestId('score').textContent()).toBe('3');
    expect(await platform.db.submission.count({ where: { userId: user.id, exerciseId: 'conv-output-size' } })).toBe(2);
    // Full score ticks the exercise's checklist item.
    await page.goto('/');
    expect(await page.getByRole('checkbox', { name: /Output shape of a convolution/ }).isChecked()).toBe(true);
  });

  it('submits code and watches the submission page turn graded', async () => {
    const page = await platform.newPage();
    await platform.signIn(page, 'student');
    await page.goto('/exercises/conv3x3');
    await page.getByTestId('editor').waitFor();
    const source = fs.readFileSync('test/fixtures/code/conv3x3.js', 'utf8');
    const res = await page.request.post('/api/exercises/conv3x3/submissions', { data: { language: 'javascript', source }, headers: { origin: platform.url } });
    expect(res.status()).toBe(201);
    const { submissionId } = await res.json();
    await page.goto(`/submissions/${submissionId}`);
    await expect.poll(() => page.getByTestId('status').textContent(), { timeout: 90_000 }).toBe('graded');
    const score = await page.getByTestId('score').textContent();
    expect(Number(score)).toBeGreaterThan(0);
    expect(await page.getByTestId('result').textContent()).toContain('Hidden test 1');
  });

  it("cannot see another student's submission", async () => {
    const owner = await platform.newPage();
    await platform.signIn(owner, 'student');
    const res = await owner.request.post('/api/exercises/conv3x3/submissions', { data: { language: 'python', source: 'print(1)', mode: 'visible' }, headers: { origin: platform.url } });
    const { submissionId } = await res.json();
    const other = await platform.newPage();
    await platform.signIn(other, 'student2');
    const api = await other.request.get(`/api/submissions/${submissionId}`);
    expect(api.status()).toBe(404);
    await other.goto(`/submissions/${submissionId}`);
    expect(await other.locator('h1').first().textContent()).toBe('Not found');
  });
});

import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startPlatform, type Platform } from './platform';

let platform: Platform;
beforeAll(async () => {
  platform = await startPlatform({ redisUrl: `${inject('redisUrl')}/9` });
});
afterAll(async () => {
  await platform?.stop();
});

describe('MNIST challenge in the browser', () => {
  it('shows the summary, trains the seed model with live progress, and lists it on the leaderboard', async () => {
    const page = await platform.newPage();
    await platform.signIn(page, 'student');
    await page.goto('/exercises/mnist-challenge');
    // The starter is the seed notes' model; its Keras summary totals 13,602 parameters.
    await page.getByRole('button', { name: 'Show summary' }).click();
    await expect.poll(() => page.getByTestId('summary').textContent()).toContain('13,602');

    // A model the validator must refuse, with the layer named.
    const starter = await page.locator('#model').inputValue();
    await page.locator('#model').fill(starter.replace('type: flatten', 'type: lambda'));
    await page.getByRole('button', { name: 'Submit for training' }).click();
    await expect.poll(() => page.locator('p.error[role=alert]').textContent()).toMatch(/lambda/i);
    expect(await platform.db.submission.count({ where: { exerciseId: 'mnist-challenge' } })).toBe(0);

    await page.locator('#model').fill(starter);
    await page.locator('#optimizer').selectOption('sgd');
    await page.locator('#lr').fill('0.01');
    await page.getByRole('button', { name: 'Submit for training' }).click();
    await page.waitForURL(/\/submissions\//);

    // Live: the page shows the worker's progress before the result arrives.
    await expect.poll(() => page.getByTestId('status').textContent(), { timeout: 60_000 }).toMatch(/queued|running/);
    await expect
      .poll(async () => (await page.locator('[aria-label="batch progress"], [data-testid=training-chart]').count()) > 0 || (await page.getByTestId('status').textContent()) === 'graded', {
        timeout: 120_000,
      })
      .toBe(true);
    await expect.poll(() => page.getByTestId('status').textContent(), { timeout: 240_000, interval: 1000 }).toBe('graded');
    await page.getByTestId('training-chart').waitFor();
    const text = await page.getByTestId('result').textContent();
    expect(text).not.toMatch(/privateAccuracy/);

    await page.goto('/leaderboard');
    const board = page.getByTestId('leaderboard');
    await board.waitFor();
    expect(await board.textContent()).toContain('Demo Student');
    expect(await board.textContent()).toMatch(/\d+\.\d\d%/);
  });
});

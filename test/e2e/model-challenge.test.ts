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
    // Two epochs keep the run on screen long enough to watch (the page polls every second).
    await page.locator('#epochs').fill('2');
    await page.getByRole('button', { name: 'Submit for training' }).click();
    await page.waitForURL(/\/submissions\//);

    // Live: the batch progress bar and the epoch line show while the worker trains.
    await page.locator('[aria-label="batch progress"]').waitFor({ timeout: 120_000 });
    await page.getByText(/epoch \d of 2/).waitFor({ timeout: 60_000 });
    await expect.poll(() => page.getByTestId('status').textContent(), { timeout: 240_000, interval: 1000 }).toBe('graded');
    // The final page keeps the curves, through both epochs.
    await page.getByTestId('training-chart').waitFor();
    const sub = await platform.db.submission.findFirstOrThrow({ where: { exerciseId: 'mnist-challenge' }, include: { results: { where: { current: true } } } });
    const epochs = (JSON.parse(sub.results[0]!.json).extra_data.history as { epoch: number }[]).map((h) => h.epoch);
    expect(epochs).toEqual([...epochs].sort((a, b) => a - b));
    expect(epochs.at(-1)).toBe(2);
    const text = await page.getByTestId('result').textContent();
    expect(text).not.toMatch(/privateAccuracy/);
    // Whole-epoch ticks, labelled axes, and validation curves computed by the worker each epoch.
    const chart = page.getByTestId('training-chart');
    // ResponsiveContainer draws once it has measured its box; 2 epochs give ticks 0, 1, 2 only.
    await expect.poll(() => chart.locator('.recharts-xAxis .recharts-cartesian-axis-tick-line').count()).toBe(3);
    for (const axis of ['Epoch', 'Loss', 'Accuracy']) expect(await chart.locator('.recharts-label').filter({ hasText: axis }).count()).toBe(1);
    expect(await chart.locator('.recharts-legend-item-text').allTextContents()).toEqual(expect.arrayContaining(['training loss', 'training accuracy', 'validation loss', 'validation accuracy']));
    const history = JSON.parse(sub.results[0]!.json).extra_data.history as { epoch: number; valAccuracy?: number | null }[];
    expect(history.filter((h) => h.valAccuracy != null).map((h) => h.epoch)).toEqual([1, 2]);
    // The model's summary is shown with what was submitted.
    expect(await page.getByTestId('model-summary').textContent()).toContain('13,602');

    await page.goto('/leaderboard');
    const board = page.getByTestId('leaderboard');
    await board.waitFor();
    expect(await board.textContent()).toContain('Demo Student');
    expect(await board.textContent()).toMatch(/\d+\.\d\d%/);
  });
});

import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startPlatform, type Platform } from './platform';
import { request, signInCookie } from './http-client';
import { recordResult } from '../../lib/queue/recorder';
import { modelPayload } from '../../lib/model';

// The leaderboard as the built app serves it (issue 11, finding 9): the private
// half stays hidden until the reveal, choices are final after it, and uploaded
// weights are ranked apart (or left off) with the reason on the page.

let platform: Platform;
let cookie: string;
const ids: Record<string, string> = {};

beforeAll(async () => {
  platform = await startPlatform({ redisUrl: `${inject('redisUrl')}/9` });
  const db = platform.db;
  const user = async (who: 'student' | 'student2') => db.user.findUniqueOrThrow({ where: { email: platform.account(who).email } });
  const scored = async (name: string, who: 'student' | 'student2', publicAccuracy: number, privateAccuracy: number, format: 'keras' | 'tfjs') => {
    const s = await db.submission.create({
      data: {
        userId: (await user(who)).id,
        exerciseId: 'mnist-challenge',
        exerciseVersion: 'v1',
        kind: 'model',
        payload: modelPayload({ model: { format, content: '{}', weights: format === 'tfjs' ? { 'w.bin': 'AAAA' } : undefined }, settings: {} }),
        status: 'queued',
      },
    });
    await recordResult({
      db,
      submissionId: s.id,
      run: 1,
      result: { score: 10, max_score: 20, output: '', tests: [], gradable: true, format_errors: [], extra_data: { publicAccuracy, privateAccuracy, params: 1000, seconds: 2 } },
    });
    ids[name] = s.id;
  };
  await scored('best', 'student', 0.9712, 0.9511, 'keras');
  await scored('other', 'student', 0.9601, 0.9822, 'keras');
  await scored('uploaded', 'student2', 0.9934, 0.9945, 'tfjs');
  const a = platform.account('student');
  cookie = await signInCookie(platform.url, a.email, a.password);
});
afterAll(async () => {
  await platform?.stop();
});

const page = async () => (await request(`${platform.url}/leaderboard`, { headers: { cookie } })).body;
const choose = (id: string) =>
  request(`${platform.url}/api/submissions/${id}/choose`, { method: 'POST', headers: { cookie, origin: platform.url, 'content-type': 'application/json' }, body: '{}' });
const setExercise = (data: { revealPrivate?: boolean; uploadedWeightsBoard?: string }) => platform.db.exercise.update({ where: { id: 'mnist-challenge' }, data });

describe('the leaderboard page and choose route', () => {
  it('shows only public accuracy before the reveal, and uploaded weights apart, saying why', async () => {
    const html = await page();
    expect(html).toContain('97.12%');
    expect(html).not.toContain('95.11%');
    expect(html).not.toContain('98.22%');
    expect(html).toContain('data-testid="leaderboard-evaluated-only"');
    expect(html).toContain('99.34%');
    expect(html).toMatch(/MNIST test set is public/);
  });

  it('lets a student choose before the reveal and refuses it after', async () => {
    const before = await choose(ids.other!);
    expect(before.status).toBe(200);
    await setExercise({ revealPrivate: true });
    const after = await choose(ids.best!);
    expect(after.status).toBe(409);
    expect(JSON.parse(after.body).error).toMatch(/revealed, so choices are final/);
    // The choice made before stands, now ranked by its private accuracy.
    const html = await page();
    expect(html).toContain('98.22%');
    expect(html).not.toContain('95.11%');
  });

  it('leaves uploaded weights off when the exercise says so, and says why', async () => {
    await setExercise({ uploadedWeightsBoard: 'hidden' });
    const html = await page();
    expect(html).not.toContain('data-testid="leaderboard-evaluated-only"');
    expect(html).not.toContain('99.45%');
    expect(html).toMatch(/Uploaded trained weights are not ranked here[^<]*MNIST test set is public/);
  });
});

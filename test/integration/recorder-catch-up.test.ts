import { spawn, type ChildProcess } from 'node:child_process';
import { Worker } from 'bullmq';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createTestDb } from '../helpers/test-db';
import { makeExercise, makeSubmission, makeUser, okResult } from '../helpers/fixtures';
import { killGroup, waitFor } from '../helpers/processes';
import { producerConnection, workerConnection } from '../../lib/queue/connection';
import { QUEUE_GRADE } from '../../lib/queue/contract';
import { claimInterval } from '../../lib/queue/interval-lock';
import { enqueueSubmission, openQueues } from '../../lib/queue/producer';

// Jobs finish while no services process is running (a restart): the listener
// never hears their events, and the reconciler would wait for
// RECONCILE_AFTER_SECONDS (set to an hour here). The recorder catches them up
// at start. Two services processes started together catch up the same jobs
// at once and still store one result per run.

const url = `${inject('redisUrl')}/11`;
const queues = openQueues(producerConnection(url));
const { db, url: dbUrl } = createTestDb();
const running: { child: ChildProcess; logs: () => string }[] = [];
afterAll(async () => {
  running.forEach((s) => killGroup(s.child));
  await queues.close();
});

function services(): { child: ChildProcess; logs: () => string } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/services.ts'], {
    env: { ...process.env, DATABASE_URL: dbUrl, REDIS_URL: url, RECONCILE_AFTER_SECONDS: '3600' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let logs = '';
  child.stdout.on('data', (d) => (logs += d));
  child.stderr.on('data', (d) => (logs += d));
  const s = { child, logs: () => logs };
  running.push(s);
  return s;
}

describe('recorder catch-up', () => {
  it('records results of jobs that completed while the services were down, once, with two recorders at once', async () => {
    await queues.grade.obliterate({ force: true });
    const exercise = await makeExercise(db, { id: 'conv3x3' });
    const first = services();
    await waitFor('the services to start', async () => first.logs().includes('recording results'));
    const exited = new Promise((r) => first.child.once('exit', r));
    killGroup(first.child, 'SIGTERM');
    await exited;

    const subs: { id: string }[] = [];
    for (let i = 0; i < 6; i++) {
      const user = await makeUser(db);
      const sub = await makeSubmission(db, { userId: user.id, exerciseId: exercise.id });
      expect(await enqueueSubmission({ db, queues, submissionId: sub.id })).toBe(true);
      subs.push(sub);
    }
    // A worker grades them all while nobody records.
    const worker = new Worker(QUEUE_GRADE, async () => okResult(10, 10), { connection: workerConnection(url), concurrency: 3 });
    try {
      await waitFor('the jobs to complete', async () => (await queues.grade.getCompletedCount()) === subs.length);
    } finally {
      await worker.close();
    }
    expect(await db.result.count({ where: { submissionId: { in: subs.map((s) => s.id) } } })).toBe(0);

    const [a, b] = [services(), services()];
    await waitFor('every submission to be graded', async () => (await db.submission.count({ where: { id: { in: subs.map((s) => s.id) }, status: 'graded' } })) === subs.length, 60_000);
    for (const s of subs) expect(await db.result.count({ where: { submissionId: s.id } })).toBe(1);
    expect(a.logs() + b.logs()).toMatch(/caught up: \d+ recorded/);
    expect(a.child.exitCode).toBeNull();
    expect(b.child.exitCode).toBeNull();
  }, 120_000);
});

describe('the reconciler interval lock', () => {
  it('lets one of several nodes in per interval, and the next interval again', async () => {
    const redis = workerConnection(url);
    try {
      const key = `test:lock:${Date.now()}`;
      const claims = await Promise.all(['a', 'b', 'c'].map((holder) => claimInterval({ redis, key, intervalMs: 500, holder })));
      expect(claims.filter(Boolean)).toHaveLength(1);
      expect(await claimInterval({ redis, key, intervalMs: 500, holder: 'd' })).toBe(false);
      await waitFor('the interval to pass', async () => (await redis.exists(key)) === 0, 10_000);
      expect(await claimInterval({ redis, key, intervalMs: 500, holder: 'd' })).toBe(true);
    } finally {
      redis.disconnect();
    }
  });
});

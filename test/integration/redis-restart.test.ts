import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb } from '../helpers/test-db';
import { sessionUser } from '../helpers/fixtures';
import { killGroup, waitFor } from '../helpers/processes';
import { freePort, startRedis, type RedisHandle } from '../../scripts/lib/redis-server';
import { syncContent } from '../../lib/sync/sync-content';
import { producerConnection } from '../../lib/queue/connection';
import { openQueues, type Queues } from '../../lib/queue/producer';
import { reconcile } from '../../lib/queue/reconciler';
import { submitWork } from '../../lib/submissions/submit';
import { submissionView } from '../../lib/submissions/view';
import type { SessionUser } from '../../lib/auth/roles';
import type { Db } from '../../lib/db';
import { testExercises } from '../helpers/exercises';

// A real redis-server of our own (not the shared test one), stopped and
// started again on the same port, without persistence: what a student sees
// while it is down, and that their work goes out once it is back.

let port: number;
let redis: RedisHandle | undefined;
let url: string;
let queues: Queues;
let db: Db;
let dbUrl: string;
let student: SessionUser;

beforeAll(async () => {
  port = await freePort();
  redis = await startRedis({ port });
  url = redis.url;
  queues = openQueues(producerConnection(url));
  ({ db, url: dbUrl } = createTestDb());
  await syncContent({ db });
  student = await sessionUser(db, 'student');
});
afterAll(async () => {
  await queues?.close();
  await redis?.stop();
});

const code = (source: string) => submitWork({ exercises: testExercises, db, queues, user: student, exerciseId: 'conv3x3', body: { language: 'python', source } });

async function restartRedis() {
  await redis!.stop();
  redis = undefined;
  const down = await code('print("while down")');
  redis = await startRedis({ port });
  return down;
}

describe('Redis stopped and started again', () => {
  it('stores a submission made while Redis is down as queued; producer reconnect and the reconciler send everything once it is back', async () => {
    // Sent before the outage; Redis restarts without persistence, so its job is lost.
    const before = await code('print("before")');
    expect(before).toMatchObject({ status: 'queued', queued: true });

    await redis!.stop();
    redis = undefined;
    const down = await code('print("while down")');
    expect(down).toMatchObject({ status: 'queued', queued: false });
    const view = await submissionView({ exercises: testExercises, db, user: student, submissionId: down.submissionId });
    expect(view.status).toBe('queued');
    expect(view.message).toMatch(/waiting for a grading worker/);
    expect((await db.submission.findUniqueOrThrow({ where: { id: down.submissionId } })).lastError).toMatch(/not yet sent/);
    // While down, the reconciler cannot send it either, and loses nothing.
    expect(await reconcile({ db, queues, staleAfterMs: 60_000 })).toMatchObject({ unreachable: 1, requeued: 0 });

    redis = await startRedis({ port });

    // The producer's connection comes back by itself: a new submission goes straight out.
    const after = await waitFor('the producer to reconnect', async () => {
      const r = await code('print("after")');
      return r.queued ? r : null;
    });
    expect(await queues.grade.getJob(after.submissionId)).toBeTruthy();
    // The restart lost the job sent before it.
    expect(await queues.grade.getJob(before.submissionId)).toBeUndefined();
    // (tries made above before the reconnect are stored queued rows too)

    const later = new Date(Date.now() + 10 * 60_000);
    const summary = await reconcile({ db, queues, staleAfterMs: 60_000, now: later });
    expect(summary.unreachable).toBe(0);
    expect(summary.errors).toBe(0);
    const rows = await db.submission.findMany({ where: { userId: student.id, status: 'queued' } });
    for (const r of rows) {
      expect(await queues.grade.getJob(r.id), `job for ${r.payload}`).toBeTruthy();
      expect((await db.submission.findUniqueOrThrow({ where: { id: r.id } })).enqueuedAt).toBeInstanceOf(Date);
    }
    expect(rows.map((r) => r.id)).toEqual(expect.arrayContaining([before.submissionId, down.submissionId, after.submissionId]));
    const sent = await submissionView({ exercises: testExercises, db, user: student, submissionId: down.submissionId });
    expect(sent.status).toBe('queued');
    expect(sent.message).toBeNull();
  });

  it('the running services process sends a submission made during an outage once Redis is back', async () => {
    // Only this test's submission should be waiting.
    await queues.grade.obliterate({ force: true });
    await db.submission.updateMany({ where: { status: 'queued' }, data: { status: 'failed' } });
    const services = spawn(process.execPath, ['--import', 'tsx', 'scripts/services.ts'], {
      env: { ...process.env, DATABASE_URL: dbUrl, REDIS_URL: url, RECONCILE_INTERVAL_SECONDS: '1', RECONCILE_AFTER_SECONDS: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let logs = '';
    services.stdout?.on('data', (d) => (logs += d));
    services.stderr?.on('data', (d) => (logs += d));
    try {
      await waitFor('the services to start', async () => logs.includes('reconciling every'));
      const down = await restartRedis();
      expect(down).toMatchObject({ status: 'queued', queued: false });
      const job = await waitFor('the services to send it', () => queues.grade.getJob(down.submissionId).catch(() => undefined));
      expect(job.data).toMatchObject({ submissionId: down.submissionId, source: 'print("while down")' });
      await waitFor('the row to say it was sent', async () => (await db.submission.findUniqueOrThrow({ where: { id: down.submissionId } })).enqueuedAt);
      expect(services.exitCode, logs).toBeNull();
    } finally {
      const exited = new Promise((r) => (services.exitCode !== null ? r(null) : services.once('exit', r)));
      killGroup(services, 'SIGTERM');
      await exited;
    }
  }, 120_000);
});

import crypto from 'node:crypto';
import { Queue, Worker } from 'bullmq';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createTestDb } from '../../helpers/test-db';
import { makeExercise, makeSubmission, makeUser } from '../../helpers/fixtures';
import { workerConnection } from '../../../lib/queue/connection';
import { createMetrics, hasMetricsToken } from '../../../lib/metrics/registry';

// Metrics read from a real Redis (BullMQ queues and a worker) and a real database.

const url = `${inject('redisUrl')}/15`;
const name = `metrics-${crypto.randomBytes(4).toString('hex')}`;
const queue = new Queue(name, { connection: workerConnection(url) });
const { db } = createTestDb();
afterAll(async () => {
  await queue.obliterate({ force: true });
  await queue.close();
  await db.$disconnect();
});

/** the value of one sample line, e.g. sample(text, 'convgrade_queue_jobs{queue="x",state="waiting"}') */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('metrics', () => {
  it('reports queue depths, job durations, results recorded and submit latency', async () => {
    const metrics = createMetrics({ db: () => db, queues: () => [queue] });
    await queue.addBulk([1, 2, 3].map((i) => ({ name: 'job', data: { i }, opts: { jobId: `j${i}` } })));

    let text = await metrics.render();
    expect(sample(text, `convgrade_queue_jobs{queue="${name}",state="waiting"}`)).toBe(3);
    expect(sample(text, `convgrade_queue_jobs{queue="${name}",state="completed"}`)).toBe(0);
    expect(sample(text, `convgrade_job_duration_seconds_count{queue="${name}"}`)).toBeUndefined();

    // A real worker finishes two jobs and keeps the third.
    let done = 0;
    const worker = new Worker(
      name,
      async (job) => {
        if (job.data.i === 3) await new Promise(() => {}); // stays active
        await new Promise((r) => setTimeout(r, 30));
        done++;
      },
      { connection: workerConnection(url), concurrency: 3 },
    );
    try {
      while (done < 2 || (await queue.getActiveCount()) < 1) await new Promise((r) => setTimeout(r, 50));
      await new Promise((r) => setTimeout(r, 100));
      text = await metrics.render();
      expect(sample(text, `convgrade_queue_jobs{queue="${name}",state="completed"}`)).toBe(2);
      expect(sample(text, `convgrade_queue_jobs{queue="${name}",state="active"}`)).toBe(1);
      expect(sample(text, `convgrade_queue_jobs{queue="${name}",state="waiting"}`)).toBe(0);
      expect(sample(text, `convgrade_job_duration_seconds_count{queue="${name}"}`)).toBe(2);
      expect(sample(text, `convgrade_job_duration_seconds_sum{queue="${name}"}`)).toBeGreaterThanOrEqual(0.05); // two jobs of at least 30 ms each;
      // the next scrape does not count the same jobs again
      text = await metrics.render();
      expect(sample(text, `convgrade_job_duration_seconds_count{queue="${name}"}`)).toBe(2);
    } finally {
      await worker.close(true);
    }

    // Results come from the database, so they agree on every node and survive restarts.
    const u = await makeUser(db);
    await makeExercise(db);
    const s = await makeSubmission(db, { userId: u.id, exerciseId: 'conv3x3' });
    const row = (runKey: string, gradable: boolean) => ({ submissionId: s.id, runKey, json: '{}', score: 1, maxScore: 1, gradable });
    await db.result.createMany({ data: [row('run-1', true), row('run-2', true), row('run-3', false)] });
    metrics.observeSubmit(0.12, 201);
    metrics.observeSubmit(0.4, 429);
    text = await metrics.render();
    expect(sample(text, 'convgrade_results_recorded_total{gradable="true"}')).toBe(2);
    expect(sample(text, 'convgrade_results_recorded_total{gradable="false"}')).toBe(1);
    expect(sample(text, 'convgrade_submit_duration_seconds_count{status="201"}')).toBe(1);
    expect(sample(text, 'convgrade_submit_duration_seconds_bucket{le="0.2",status="201"}')).toBe(1);
    expect(sample(text, 'convgrade_submit_duration_seconds_bucket{le="0.3",status="429"}')).toBe(0);
    expect(text).toMatch(/^convgrade_web_process_cpu_seconds_total /m);
  });

  it('accepts only the exact bearer token', () => {
    const token = 'a-long-metrics-token-123';
    expect(hasMetricsToken(`Bearer ${token}`, token)).toBe(true);
    expect(hasMetricsToken(`bearer ${token}`, token)).toBe(true);
    expect(hasMetricsToken(`Bearer ${token}x`, token)).toBe(false);
    expect(hasMetricsToken(`Bearer ${token.slice(0, -1)}`, token)).toBe(false);
    expect(hasMetricsToken(token, token)).toBe(false);
    expect(hasMetricsToken(null, token)).toBe(false);
    expect(hasMetricsToken('Bearer ', token)).toBe(false);
  });
});

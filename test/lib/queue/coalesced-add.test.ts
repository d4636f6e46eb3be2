import crypto from 'node:crypto';
import net from 'node:net';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { Queue } from 'bullmq';
import { producerConnection } from '../../../lib/queue/connection';
import { addCoalesced, MAX_BATCH } from '../../../lib/queue/coalesced-add';

// A real redis-server; each test has its own queue name.
const connection = producerConnection(`${inject('redisUrl')}/1`);
const queues: Queue[] = [];
const newQueue = (conn = connection) => {
  const q = new Queue(`coalesce-${crypto.randomBytes(4).toString('hex')}`, { connection: conn });
  q.on('error', () => {});
  return q;
};
const realQueue = () => {
  const q = newQueue();
  queues.push(q);
  return q;
};
afterAll(async () => {
  for (const q of queues) await q.obliterate({ force: true }).catch(() => {});
  await Promise.allSettled(queues.map((q) => q.close()));
});

/** every send's size (an add is one, an addBulk its length), observed on the real queue */
function countBatches(q: Queue): number[] {
  const sizes: number[] = [];
  const bulk = q.addBulk.bind(q);
  const one = q.add.bind(q);
  q.addBulk = (jobs) => (sizes.push(jobs.length), bulk(jobs));
  q.add = (name, data, opts) => (sizes.push(1), one(name, data, opts));
  return sizes;
}

const job = (i: number) => ({ name: 'code:conv3x3', data: { i }, opts: { jobId: `job-${i}` } });

describe('coalesced adds', () => {
  it('sends a lone add at once, and adds that arrive meanwhile together; every job arrives once, with its id and data', async () => {
    const q = realQueue();
    const sizes = countBatches(q);
    await addCoalesced(q, job(0));
    expect(sizes).toEqual([1]);
    await Promise.all(Array.from({ length: 250 }, (_, i) => addCoalesced(q, job(i + 1))));
    // the first goes alone, the rest wait for it and go in batches of at most MAX_BATCH
    expect(sizes.length).toBeLessThan(10);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(MAX_BATCH);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(251);
    expect(await q.count()).toBe(251);
    expect((await q.getJob('job-17'))?.data).toEqual({ i: 17 });
    // the same id again is not a second job
    await addCoalesced(q, job(17));
    expect(await q.count()).toBe(251);
  });

  it('rejects every add of a batch Redis does not take in time, and the adds after it still go out', async () => {
    // A server that accepts the connection and never answers: BullMQ would wait for it forever.
    const silent = net.createServer(() => {});
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()));
    const port = (silent.address() as net.AddressInfo).port;
    try {
      const stalledConnection = producerConnection(`redis://127.0.0.1:${port}`);
      const stalled = newQueue(stalledConnection);
      const results = await Promise.allSettled([1, 2, 3].map((i) => addCoalesced(stalled, job(i), 300)));
      expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
      expect((results[0] as PromiseRejectedResult).reason.message).toMatch(/Redis did not answer within 0.3 s/);
      // and the next add to it is sent, not stuck behind the stalled batch
      await expect(addCoalesced(stalled, job(4), 300)).rejects.toThrow(/did not answer/);
      stalledConnection.disconnect();
    } finally {
      silent.close();
    }
    const q = realQueue();
    await addCoalesced(q, job(1), 300);
    expect(await q.count()).toBe(1);
  });
});

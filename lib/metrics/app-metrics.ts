import { db } from '../db';
import { appQueues } from '../queue/app-queues';
import { createMetrics, type Metrics } from './registry';

// The web process's metrics, one registry per process (kept on globalThis
// across dev reloads, as the database client and the queues are).
const holder = globalThis as unknown as { __convgradeMetrics?: Metrics };

export function appMetrics(): Metrics {
  return (holder.__convgradeMetrics ??= createMetrics({
    db,
    queues: () => {
      const q = appQueues();
      return [q.grade, q.train];
    },
  }));
}

/** Times a submit request for convgrade_submit_duration_seconds. */
export async function timedSubmit(work: () => Promise<Response>): Promise<Response> {
  const started = performance.now();
  const res = await work();
  appMetrics().observeSubmit((performance.now() - started) / 1000, res.status);
  return res;
}

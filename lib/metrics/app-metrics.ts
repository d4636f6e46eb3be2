import cluster from 'node:cluster';
import { db } from '../db';
import { METRICS_GLOBAL, METRICS_REQUEST, METRICS_RESPONSE, type MetricsMessage } from './cluster-messages';
import { appQueues } from '../queue/app-queues';
import { createMetrics, type Metrics } from './registry';

// The web process's metrics, one registry per process (kept on globalThis
// across dev reloads, as the database client and the queues are).
const holder = globalThis as unknown as { [METRICS_GLOBAL]?: Metrics };

export function appMetrics(): Metrics {
  if (holder[METRICS_GLOBAL]) return holder[METRICS_GLOBAL];
  const metrics = createMetrics({
    db,
    queues: () => {
      const q = appQueues();
      return [q.grade, q.train];
    },
  });
  // With several web processes, scripts/web-server.ts reads it here to answer the cluster primary.
  return (holder[METRICS_GLOBAL] = metrics);
}

let nextRequest = 0;

/** The scrape: this process's metrics, or every web process's gathered by the cluster primary. */
export async function renderAppMetrics(): Promise<string> {
  const metrics = appMetrics();
  if (!cluster.isWorker || !process.send) return metrics.render();
  const id = nextRequest++;
  return new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => done(new Error('the other web processes did not answer within 10 s')), 10_000);
    const onMessage = (m: MetricsMessage) => {
      if (m?.type !== METRICS_RESPONSE || m.id !== id) return;
      done(m.error ? new Error(m.error) : null, m.text ?? '');
    };
    function done(err: Error | null, text = '') {
      clearTimeout(timer);
      process.off('message', onMessage);
      if (err) reject(err);
      else resolve(text);
    }
    process.on('message', onMessage);
    process.send!({ type: METRICS_REQUEST, id } satisfies MetricsMessage);
  });
}

/** Times a submit request for convgrade_submit_duration_seconds. */
export async function timedSubmit(work: () => Promise<Response>): Promise<Response> {
  const started = performance.now();
  const res = await work();
  appMetrics().observeSubmit((performance.now() - started) / 1000, res.status);
  return res;
}

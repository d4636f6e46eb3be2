import os from 'node:os';
import { createDb } from '../lib/db';
import { parseEnv } from '../lib/env';
import { producerConnection, workerConnection } from '../lib/queue/connection';
import { catchUpResults } from '../lib/queue/catch-up';
import { claimInterval } from '../lib/queue/interval-lock';
import { startResultListener } from '../lib/queue/listener';
import { openQueues } from '../lib/queue/producer';
import { withTimeout } from '../lib/queue/redis-timeout';
import { reconcile } from '../lib/queue/reconciler';

// The app-side queue services: records worker results in the database,
// catches up results that finished while no recorder listened, and
// reconciles submissions whose job was lost. Runs beside the web server (any
// number of nodes): recording is idempotent per run, and the reconciler runs
// once per interval across all nodes.

/** How often the recorder asks BullMQ about open submissions (and once at start). */
const CATCH_UP_INTERVAL_MS = 5000;
const RECONCILE_LOCK_KEY = 'convgrade:reconciler';

const env = parseEnv();
const db = createDb();
const queues = openQueues(producerConnection(env.REDIS_URL));
const lockRedis = workerConnection(env.REDIS_URL);
lockRedis.on('error', () => {});
const node = `${os.hostname()}:${process.pid}`;
const log = (m: string) => console.log(`[services] ${m}`);
const listener = await startResultListener({ db, queues, connection: () => workerConnection(env.REDIS_URL), log });

/** Runs `work` unless its previous run is still going; logs a failure once per streak (Redis away for a while). */
function serial(name: string, work: () => Promise<void>) {
  let running = false;
  let lastError = '';
  return async () => {
    if (running) return;
    running = true;
    try {
      await work();
      lastError = '';
    } catch (e) {
      const msg = (e as Error).message;
      if (msg !== lastError) log(`${name} failed: ${msg}`);
      lastError = msg;
    } finally {
      running = false;
    }
  };
}

const catchUp = serial('catch-up', async () => {
  const s = await catchUpResults({ db, queues });
  if (s.recorded || s.failed) log(`caught up: ${s.recorded} recorded, ${s.failed} failed of ${s.checked} open`);
});

const intervalMs = env.RECONCILE_INTERVAL_SECONDS * 1000;
const reconcileTick = serial('reconcile', async () => {
  // Redis away: skip this tick (a claim sent late only blocks its own interval).
  if (!(await withTimeout(claimInterval({ redis: lockRedis, key: RECONCILE_LOCK_KEY, intervalMs, holder: node })))) return;
  const s = await reconcile({
    db,
    queues,
    staleAfterMs: env.RECONCILE_AFTER_SECONDS * 1000,
    trainTimeoutMs: env.TRAIN_TIMEOUT_SECONDS * 1000,
    log,
  });
  if (s.requeued || s.recovered || s.failed || s.unreachable || s.errors) log(`reconciled: ${JSON.stringify(s)}`);
});

// The listener is subscribed before the first catch-up, so no result falls between the two.
await catchUp();
await reconcileTick();
const timers = [setInterval(catchUp, CATCH_UP_INTERVAL_MS), setInterval(reconcileTick, intervalMs)];
log(`recording results (catching up every ${CATCH_UP_INTERVAL_MS / 1000} s) and reconciling every ${env.RECONCILE_INTERVAL_SECONDS} s (one node per interval)`);

const stop = async () => {
  timers.forEach(clearInterval);
  // Closing waits for Redis and the database; with either gone it could wait forever.
  setTimeout(() => {
    log('could not close cleanly within 10 s (is Redis reachable?); exiting');
    process.exit(1);
  }, 10_000).unref();
  await listener.close();
  await queues.close();
  lockRedis.disconnect();
  await db.$disconnect();
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());

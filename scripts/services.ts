import { createDb } from '../lib/db';
import { parseEnv } from '../lib/env';
import { producerConnection, workerConnection } from '../lib/queue/connection';
import { startResultListener } from '../lib/queue/listener';
import { openQueues } from '../lib/queue/producer';
import { reconcile } from '../lib/queue/reconciler';

// The app-side queue services: records worker results in the database and
// reconciles submissions whose job was lost. Runs beside the web server; it is
// the only process that both talks to Redis and writes results.

const env = parseEnv();
const db = createDb();
const queues = openQueues(producerConnection(env.REDIS_URL));
const log = (m: string) => console.log(`[services] ${m}`);
const listener = await startResultListener({ db, queues, connection: () => workerConnection(env.REDIS_URL), log });

let running = false;
async function tick() {
  if (running) return;
  running = true;
  try {
    const s = await reconcile({
      db,
      queues,
      staleAfterMs: env.RECONCILE_AFTER_SECONDS * 1000,
      trainTimeoutMs: env.TRAIN_TIMEOUT_SECONDS * 1000,
      log,
    });
    if (s.requeued || s.recovered || s.failed || s.unreachable || s.errors) log(`reconciled: ${JSON.stringify(s)}`);
  } catch (e) {
    log(`reconcile failed: ${(e as Error).message}`);
  } finally {
    running = false;
  }
}
await tick();
const timer = setInterval(tick, env.RECONCILE_INTERVAL_SECONDS * 1000);
log(`recording results and reconciling every ${env.RECONCILE_INTERVAL_SECONDS} s`);

const stop = async () => {
  clearInterval(timer);
  await listener.close();
  await queues.close();
  await db.$disconnect();
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());

import cluster, { type Worker } from 'node:cluster';
import http from 'node:http';
import next from 'next';
import { AggregatorRegistry, type Registry } from 'prom-client';
import { EnvError, parseEnv } from '../lib/env';
import { raiseWebPriority } from './lib/web-priority';
import { METRICS_COLLECT, METRICS_COLLECTED, METRICS_GLOBAL, METRICS_REQUEST, METRICS_RESPONSE, type MetricsMessage } from '../lib/metrics/cluster-messages';

// The web server: Next.js's production server, in WEB_PROCESSES processes
// that share one port (node:cluster hands each new connection to one of them).
// A Node process works on one core, so a node with spare cores can serve a
// deadline rush with more than one; with SQLite on a small machine that also
// grades, one is faster (bench/submit-burst.ts compares one process with two).
// With one process (the default) there is no cluster: `next start` as a script.
//   node --import tsx scripts/web-server.ts   (PORT, HOST, WEB_PROCESSES from the environment)

let env;
try {
  env = parseEnv();
} catch (e) {
  if (!(e instanceof EnvError)) throw e;
  console.error(`[web] ${e.message}`);
  process.exit(1);
}
const { PORT: port, HOST: hostname, WEB_PROCESSES: processes } = env;

if (cluster.isPrimary && processes > 1) runPrimary();
else await serve();

async function serve() {
  raiseWebPriority((line) => console.log(line));
  const app = next({ dev: false, hostname, port });
  await app.prepare();
  const handle = app.getRequestHandler();
  // Submissions skip Next.js's routing (scripts/lib/submit-fast-path.ts says why).
  const { fastSubmitTarget, serveSubmit } = await import('./lib/submit-fast-path');
  const server = http.createServer((req, res) => {
    const submit = fastSubmitTarget(req);
    void (submit ? serveSubmit(req, res, submit) : handle(req, res));
  });
  server.listen(port, hostname, () => {
    if (cluster.isPrimary) console.log(`[web] listening on ${hostname}:${port}`);
  });
  if (cluster.isWorker) answerMetricsCollection();
  const close = () => server.close(() => process.exit(0));
  process.on('SIGTERM', close);
  process.on('SIGINT', close);
}

function runPrimary() {
  let stopping = false;
  const fork = () => {
    const w = cluster.fork();
    w.on('message', (m: MetricsMessage) => {
      if (m?.type !== METRICS_REQUEST) return;
      collectMetrics().then(
        (text) => w.send({ type: METRICS_RESPONSE, id: m.id, text } satisfies MetricsMessage),
        (e: Error) => w.send({ type: METRICS_RESPONSE, id: m.id, error: e.message } satisfies MetricsMessage),
      );
    });
    return w;
  };
  // A process that dies is replaced after a pause that grows while they keep dying.
  let recentDeaths = 0;
  cluster.on('exit', (w: Worker, code, signal) => {
    if (stopping) return;
    recentDeaths++;
    const delay = Math.min(30_000, 500 * 2 ** Math.min(recentDeaths - 1, 6));
    console.error(`[web] process ${w.process.pid} exited (${signal ?? code}); starting another in ${delay} ms`);
    setTimeout(() => stopping || fork(), delay);
    setTimeout(() => (recentDeaths = Math.max(0, recentDeaths - 1)), 60_000).unref();
  });
  for (let i = 0; i < processes; i++) fork();
  let listening = 0;
  cluster.on('listening', () => {
    if (++listening === processes) console.log(`[web] listening on ${hostname}:${port} with ${processes} processes`);
  });
  const stop = () => {
    stopping = true;
    const workers = Object.values(cluster.workers ?? {});
    if (workers.length === 0) process.exit(0);
    let left = workers.length;
    for (const w of workers) {
      w!.once('exit', () => --left === 0 && process.exit(0));
      w!.process.kill('SIGTERM');
    }
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

// A scrape reaches one process; its figures alone would be a random share of
// the node's. The primary asks every process and merges them (prom-client's
// aggregation: sums, except metrics marked `aggregator: 'first'`).
let nextCollection = 0;
function collectMetrics(): Promise<string> {
  const id = nextCollection++;
  const workers = Object.values(cluster.workers ?? {}).filter((w): w is Worker => !!w && w.isConnected());
  const gathered: unknown[][] = [];
  return new Promise((resolve, reject) => {
    let pending = workers.length;
    const timer = setTimeout(() => finish(new Error(`${pending} web process(es) did not report their metrics within 5 s`)), 5000);
    const onMessage = (_w: Worker, m: MetricsMessage) => {
      if (m?.type !== METRICS_COLLECTED || m.id !== id) return;
      if (m.error) return finish(new Error(m.error));
      gathered.push(m.metrics ?? []);
      if (--pending === 0) finish(null);
    };
    function finish(err: Error | null) {
      clearTimeout(timer);
      cluster.off('message', onMessage);
      if (err) return reject(err);
      AggregatorRegistry.aggregate(gathered as Parameters<typeof AggregatorRegistry.aggregate>[0]).metrics().then(resolve, reject);
    }
    cluster.on('message', onMessage);
    for (const w of workers) w.send({ type: METRICS_COLLECT, id } satisfies MetricsMessage);
    if (pending === 0) finish(null);
  });
}

/** A web process's side: its registry lives in the app bundle, kept on globalThis by lib/metrics/app-metrics.ts. */
function answerMetricsCollection() {
  process.on('message', (m: MetricsMessage) => {
    if (m?.type !== METRICS_COLLECT) return;
    const registry = (globalThis as Record<string, unknown> & { [METRICS_GLOBAL]?: { registry: Registry } })[METRICS_GLOBAL]?.registry;
    Promise.resolve(registry ? registry.getMetricsAsJSON() : []).then(
      (metrics) => process.send!({ type: METRICS_COLLECTED, id: m.id, metrics } satisfies MetricsMessage),
      (e: Error) => process.send!({ type: METRICS_COLLECTED, id: m.id, error: e.message } satisfies MetricsMessage),
    );
  });
}

import type { ChildProcess } from 'node:child_process';

// Keeps one child process running: when it exits on its own it is started
// again after a backoff that doubles per quick crash (1 s, 2 s, 4 s ... up to
// maxMs) and resets once a run lasted resetAfterMs. The local start script
// supervises the worker and the services this way, so one crashed grading
// job's process does not take the web server down with it.

export interface Backoff {
  initialMs: number;
  maxMs: number;
  /** a run at least this long counts as healthy: the next crash waits initialMs again */
  resetAfterMs: number;
}

export const DEFAULT_BACKOFF: Backoff = { initialMs: 1000, maxMs: 30_000, resetAfterMs: 60_000 };
/** past the worker's own 20 s grace for running jobs */
export const DEFAULT_KILL_AFTER_MS = 30_000;

export interface Supervised {
  /** the child running now (or the last one, while waiting to restart) */
  current(): ChildProcess;
  restarts(): number;
  /** no more restarts; SIGTERM to the running child and wait for it (SIGKILL after killAfterMs) */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

export function backoffDelay(quickCrashes: number, b: Backoff): number {
  return Math.min(b.initialMs * 2 ** Math.max(0, quickCrashes - 1), b.maxMs);
}

export function supervise(opts: {
  name: string;
  start: () => ChildProcess;
  log: (msg: string) => void;
  backoff?: Backoff;
  /**
   * stop() kills a child still running this long after its SIGTERM: a worker finishing
   * its jobs gets 20 s, but one whose Redis is gone may wait for it forever, and Ctrl-C
   * must still end the platform.
   */
  killAfterMs?: number;
}): Supervised {
  const b = opts.backoff ?? DEFAULT_BACKOFF;
  let child: ChildProcess;
  let stopped = false;
  let restarts = 0;
  let quickCrashes = 0;
  let timer: NodeJS.Timeout | undefined;

  const launch = () => {
    const startedAt = Date.now();
    child = opts.start();
    child.once('error', (e) => opts.log(`${opts.name} could not be started: ${e.message}`));
    child.once('exit', (code, signal) => {
      if (stopped) return;
      quickCrashes = Date.now() - startedAt >= b.resetAfterMs ? 1 : quickCrashes + 1;
      const delay = backoffDelay(quickCrashes, b);
      opts.log(`${opts.name} exited (${signal ?? `code ${code}`}); restarting in ${(delay / 1000).toFixed(1)} s (restart ${restarts + 1})`);
      timer = setTimeout(() => {
        timer = undefined;
        if (stopped) return;
        restarts++;
        launch();
      }, delay);
    });
  };
  launch();

  return {
    current: () => child,
    restarts: () => restarts,
    stop: async (signal = 'SIGTERM') => {
      stopped = true;
      if (timer) clearTimeout(timer);
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill(signal);
      const victim = child;
      const killer = setTimeout(() => {
        opts.log(`${opts.name} did not stop within ${((opts.killAfterMs ?? DEFAULT_KILL_AFTER_MS) / 1000).toFixed(1)} s of ${signal}; killing it`);
        victim.kill('SIGKILL');
      }, opts.killAfterMs ?? DEFAULT_KILL_AFTER_MS);
      await exited;
      clearTimeout(killer);
    },
  };
}

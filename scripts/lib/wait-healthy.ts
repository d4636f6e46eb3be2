// Asks the web app's health route until it answers 200, or gives up after
// `attempts` tries. Used by the start script, which must not announce a
// platform that never came up.

export async function waitHealthy(opts: {
  url: string;
  attempts: number;
  intervalMs: number;
  /** stop asking early, e.g. when a child process already exited */
  cancelled?: () => boolean;
}): Promise<{ ok: boolean; last: string }> {
  let last = 'no answer yet';
  for (let i = 0; i < opts.attempts; i++) {
    if (opts.cancelled?.()) return { ok: false, last: 'cancelled' };
    try {
      const res = await fetch(opts.url, { cache: 'no-store' });
      if (res.ok) return { ok: true, last: `HTTP ${res.status}` };
      last = `HTTP ${res.status}`;
    } catch (e) {
      last = (e as Error).message;
    }
    if (i < opts.attempts - 1) await new Promise((r) => setTimeout(r, opts.intervalMs));
  }
  return { ok: false, last };
}

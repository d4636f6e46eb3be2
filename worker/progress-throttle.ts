// Progress reports as a student can read them, not as fast as a grader makes them. Each
// job.updateProgress is a Redis script and an event every listener decodes; a conv3x3
// grading reports six in 200 ms, which nobody can read. The first report goes out at once, then at most one per
// interval, carrying the latest; whatever is pending when the job ends is dropped, since
// the result supersedes it.

export const PROGRESS_INTERVAL_MS = 500;

export interface ThrottledProgress<T> {
  report(p: T): void;
  /** the job has ended: nothing pending is sent */
  stop(): void;
}

export function throttleProgress<T>(send: (p: T) => unknown, intervalMs = PROGRESS_INTERVAL_MS): ThrottledProgress<T> {
  let lastSent = -Infinity;
  let pending: { p: T } | undefined;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const flush = () => {
    timer = undefined;
    if (stopped || !pending) return;
    const { p } = pending;
    pending = undefined;
    lastSent = performance.now();
    void Promise.resolve(send(p)).catch(() => undefined);
  };
  return {
    report(p) {
      if (stopped) return;
      pending = { p };
      const wait = lastSent + intervalMs - performance.now();
      if (wait <= 0) flush();
      else timer ??= setTimeout(flush, wait);
    },
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}

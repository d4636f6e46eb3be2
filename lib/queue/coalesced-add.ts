import type { JobsOptions, Queue } from 'bullmq';
import { REDIS_TIMEOUT_MS, withTimeout } from './redis-timeout';

// Adds to a queue, coalesced: the first add goes out at once, and those that
// arrive while it is on its way wait and go together as one addBulk (one MULTI,
// one socket write). At a deadline rush the web server sends hundreds of jobs
// in a second, and in a profile of bench/submit-burst.ts the socket write of
// each add took about 0.5 ms of the web server's CPU; an idle platform sends
// each job exactly as soon as before, as a plain add.

/** at most this many jobs in one addBulk, so one MULTI stays a few hundred KiB */
export const MAX_BATCH = 100;

interface Waiting {
  job: { name: string; data: unknown; opts: JobsOptions };
  resolve(): void;
  reject(e: Error): void;
}

const senders = new WeakMap<Queue, (job: Waiting['job']) => Promise<void>>();

/**
 * Adds one job; resolves once Redis has it. A batch that fails or outlasts
 * `timeoutMs` rejects every add in it (the callers write that down, and the
 * reconciler sends them again: job ids dedupe a late success), and the next
 * batch goes out regardless, so a stalled Redis never holds adds forever.
 * The timeout is the queue's, set by its first add (the app always uses the default).
 */
export function addCoalesced(queue: Queue, job: Waiting['job'], timeoutMs = REDIS_TIMEOUT_MS): Promise<void> {
  let send = senders.get(queue);
  if (!send) senders.set(queue, (send = sender(queue, timeoutMs)));
  return send(job);
}

function sender(queue: Queue, timeoutMs: number) {
  const waiting: Waiting[] = [];
  let sending = false;
  const flush = async () => {
    sending = true;
    while (waiting.length > 0) {
      const batch = waiting.splice(0, MAX_BATCH);
      try {
        // one job alone is a plain add: an addBulk of one costs more (a MULTI and an ioredis Pipeline, about 0.15 ms)
        const only = batch.length === 1 ? batch[0]!.job : undefined;
        await withTimeout<unknown>(only ? queue.add(only.name, only.data, only.opts) : queue.addBulk(batch.map((w) => w.job)), timeoutMs);
        for (const w of batch) w.resolve();
      } catch (e) {
        for (const w of batch) w.reject(e as Error);
      }
    }
    sending = false;
  };
  return (job: Waiting['job']) =>
    new Promise<void>((resolve, reject) => {
      waiting.push({ job, resolve, reject });
      if (!sending) void flush();
    });
}

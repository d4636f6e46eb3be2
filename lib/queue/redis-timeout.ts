// How long a request waits for Redis before it gives up and says so.

export const REDIS_TIMEOUT_MS = 3000;

/**
 * BullMQ waits for a connection indefinitely; a student should not. A late
 * add that still goes through is harmless: the job id dedupes it.
 */
export function withTimeout<T>(work: Promise<T>, ms = REDIS_TIMEOUT_MS): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Redis did not answer within ${ms / 1000} s`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

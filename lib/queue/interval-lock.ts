import type { Redis } from 'ioredis';

// "Once per interval across all nodes": every services node asks each
// interval, the first to SET the key wins, and the key expires by itself just
// before the next interval. It is not released after the work, so a node that
// finishes early does not let a second node run the same interval again. A
// crashed holder blocks nothing beyond its interval. Only a run longer than an
// interval can overlap the next one, which is safe because what it guards is
// idempotent.

export async function claimInterval(opts: { redis: Redis; key: string; intervalMs: number; holder: string }): Promise<boolean> {
  // a little under the interval, so the same tick of the next interval finds it free
  const ttl = Math.max(100, Math.floor(opts.intervalMs * 0.9));
  return (await opts.redis.set(opts.key, opts.holder, 'PX', ttl, 'NX')) === 'OK';
}

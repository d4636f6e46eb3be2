import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { Redis } from 'ioredis';
import { Limiters } from '../../lib/rate-limit/limiter';

/** Limiters on the suite's real redis-server, under a key prefix of their own. */
export function testLimits(): { limits: Limiters; redis: Redis; prefix: string; close: () => Promise<void> } {
  const redis = new Redis(inject('redisUrl'), { maxRetriesPerRequest: 1 });
  const prefix = `test:${randomUUID()}`;
  return { limits: new Limiters(redis, prefix), redis, prefix, close: async () => void (await redis.quit()) };
}

import { Redis } from 'ioredis';
import { env } from '../env';
import { Limiters } from './limiter';

// The web process's limiters, one Redis connection per process (kept on
// globalThis across dev reloads). A command waits for the connection at start-up
// but gives up after one reconnect when Redis is down, and the in-memory
// fallback answers instead.
const holder = globalThis as unknown as { __convgradeLimits?: Limiters };

export function appLimits(): Limiters {
  if (!holder.__convgradeLimits) {
    const redis = new Redis(env().REDIS_URL, { maxRetriesPerRequest: 1, connectTimeout: 2000 });
    redis.on('error', () => {}); // the fallback limiter covers an outage
    holder.__convgradeLimits = new Limiters(redis);
  }
  return holder.__convgradeLimits;
}

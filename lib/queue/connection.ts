import { Redis, type RedisOptions } from 'ioredis';

// Producers fail fast when Redis is down (the submission stays queued in the
// database and the reconciler sends it later); workers and listeners wait and
// reconnect, as BullMQ requires (maxRetriesPerRequest: null).
// The URL carries the rest: redis://:password@host:port authenticates, and
// rediss:// speaks TLS (test/integration/redis-auth.test.ts runs both).

export function producerConnection(url: string): Redis {
  return new Redis(url, {
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    connectTimeout: 2000,
    retryStrategy: (times) => Math.min(times * 500, 5000),
    lazyConnect: false,
  } satisfies RedisOptions);
}

export function workerConnection(url: string): Redis {
  return new Redis(url, {
    maxRetriesPerRequest: null,
    retryStrategy: (times) => Math.min(times * 500, 5000),
  });
}

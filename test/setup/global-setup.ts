import type { TestProject } from 'vitest/node';
import { startRedis, type RedisHandle } from '../../scripts/lib/redis-server';

// One real redis-server for the whole run, on a free port, with no persistence.
let redis: RedisHandle | undefined;

export async function setup(project: TestProject) {
  redis = await startRedis();
  process.env.REDIS_URL = redis.url;
  project.provide('redisUrl', redis.url);
}

export async function teardown() {
  await redis?.stop();
}

declare module 'vitest' {
  export interface ProvidedContext {
    redisUrl: string;
  }
}

import { afterAll, describe, expect, it } from 'vitest';
import { freePort, redisServerPid, RedisPortTakenError, startRedis, type RedisHandle } from '../../scripts/lib/redis-server';

// The port race: another redis-server already listens on the port we pick.
// Its answer must not be taken for ours (a second platform would then grade
// the first one's jobs); we move on to another port and check the pid.

const started: RedisHandle[] = [];
afterAll(async () => {
  await Promise.all(started.map((r) => r.stop()));
});

describe('startRedis', () => {
  it('answers with the pid of the child it spawned', async () => {
    const redis = await startRedis();
    started.push(redis);
    expect(await redisServerPid(redis.port)).toBe(redis.process.pid);
  });

  it('refuses a fixed port that another redis-server serves', async () => {
    const foreign = await startRedis();
    started.push(foreign);
    const err = await startRedis({ port: foreign.port }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RedisPortTakenError);
    // the foreign server is untouched
    expect(await redisServerPid(foreign.port)).toBe(foreign.process.pid);
  });

  it('moves on to another port when the one it picked is taken, and ends on its own server', async () => {
    const foreign = await startRedis();
    started.push(foreign);
    const picks = [foreign.port];
    const redis = await startRedis({ pickPort: async () => picks.shift() ?? (await freePort()) });
    started.push(redis);
    expect(redis.port).not.toBe(foreign.port);
    expect(await redisServerPid(redis.port)).toBe(redis.process.pid);
    expect(redis.process.pid).not.toBe(foreign.process.pid);
  });
});

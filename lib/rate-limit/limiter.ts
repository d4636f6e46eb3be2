import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';

// Fixed-window counters kept in Redis by rate-limiter-flexible, so every web
// node sees the same counts. When Redis cannot be reached, each node falls
// back to an in-memory limiter with the same rule: limits still hold per node
// rather than failing open or locking everybody out.

export interface Rule {
  /** what is counted, e.g. "signin-account"; part of the Redis key */
  name: string;
  points: number;
  durationSeconds: number;
}

export type Verdict =
  | { allowed: true; remaining: number; resetsInSeconds: number }
  | { allowed: false; retryAfterSeconds: number };

export interface Usage {
  remaining: number;
  /** seconds until the window restarts (0 when nothing was counted yet) */
  resetsInSeconds: number;
}

export class Limiters {
  private readonly cache = new Map<string, RateLimiterRedis>();

  constructor(
    private readonly redis: Redis,
    private readonly prefix = 'convgrade:rl',
  ) {}

  private limiter(rule: Rule): RateLimiterRedis {
    const id = `${rule.name}:${rule.points}:${rule.durationSeconds}`;
    let l = this.cache.get(id);
    if (!l) {
      const opts = { keyPrefix: `${this.prefix}:${rule.name}`, points: rule.points, duration: rule.durationSeconds };
      // An instructor may change an exercise's limit: the count goes on under the same key.
      l = new RateLimiterRedis({ ...opts, storeClient: this.redis, insuranceLimiter: new RateLimiterMemory(opts) });
      this.cache.set(id, l);
    }
    return l;
  }

  /** Counts one use; refused once the window's points are spent. */
  async consume(rule: Rule, key: string): Promise<Verdict> {
    try {
      const res = await this.limiter(rule).consume(hashKey(key), 1);
      return { allowed: true, remaining: res.remainingPoints, resetsInSeconds: seconds(res.msBeforeNext) };
    } catch (e) {
      if (e instanceof RateLimiterRes) return { allowed: false, retryAfterSeconds: Math.max(1, seconds(e.msBeforeNext)) };
      throw e;
    }
  }

  /** What is left without counting anything (for the page that shows it). */
  async usage(rule: Rule, key: string): Promise<Usage> {
    const res = await this.limiter(rule).get(hashKey(key));
    if (!res) return { remaining: rule.points, resetsInSeconds: 0 };
    return { remaining: Math.max(0, rule.points - res.consumedPoints), resetsInSeconds: seconds(res.msBeforeNext) };
  }

  /** Gives back one point (a use that turned out not to count, e.g. a right password). */
  async refund(rule: Rule, key: string): Promise<void> {
    await this.limiter(rule).reward(hashKey(key), 1);
  }

  async reset(rule: Rule, key: string): Promise<void> {
    await this.limiter(rule).delete(hashKey(key));
  }
}

// Keys hold emails and addresses: Redis stores only their hashes.
function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('base64url').slice(0, 32);
}

const seconds = (ms: number) => Math.ceil(Math.max(0, ms) / 1000);

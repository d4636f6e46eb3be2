import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Limiters } from '../../../lib/rate-limit/limiter';
import { clientIp } from '../../../lib/rate-limit/client-ip';
import { formatWait } from '../../../lib/rate-limit/format';
import { throttledSignIn } from '../../../lib/auth/throttled-response';
import { testLimits } from '../../helpers/limits';

describe('limiters on a real redis-server', () => {
  let t: ReturnType<typeof testLimits>;
  beforeEach(() => {
    t = testLimits();
  });
  afterEach(() => t.close());
  const rule = { name: 'demo', points: 3, durationSeconds: 60 };

  it('allows the window\'s points, then refuses with the wait until the window restarts', async () => {
    const seen = [];
    for (let i = 0; i < 4; i++) seen.push(await t.limits.consume(rule, 'k'));
    expect(seen.slice(0, 3).map((v) => v.allowed && v.remaining)).toEqual([2, 1, 0]);
    const refused = seen[3]!;
    expect(refused.allowed).toBe(false);
    if (!refused.allowed) expect(refused.retryAfterSeconds).toBeGreaterThan(50);
    expect(await t.limits.usage(rule, 'k')).toMatchObject({ remaining: 0 });
    expect(await t.limits.usage(rule, 'other')).toEqual({ remaining: 3, resetsInSeconds: 0 });
  });

  it('is shared by every web node: two processes\' limiters on one Redis see one count', async () => {
    const second = t.redis.duplicate();
    try {
      const other = new Limiters(second, t.prefix);
      await t.limits.consume(rule, 'k');
      await other.consume(rule, 'k');
      expect((await t.limits.usage(rule, 'k')).remaining).toBe(1);
    } finally {
      await second.quit();
    }
  });

  it('keeps no email or address in Redis, only hashes', async () => {
    await t.limits.consume(rule, 'lan@example.org');
    const keys = await t.redis.keys(`${t.prefix}*`);
    expect(keys).toHaveLength(1);
    expect(keys[0]).not.toContain('lan');
  });

  it('refund and reset give points back', async () => {
    await t.limits.consume(rule, 'k');
    await t.limits.consume(rule, 'k');
    await t.limits.refund(rule, 'k');
    expect((await t.limits.usage(rule, 'k')).remaining).toBe(2);
    await t.limits.reset(rule, 'k');
    expect((await t.limits.usage(rule, 'k')).remaining).toBe(3);
  });
});

describe('the address a per-IP limit counts', () => {
  it('is the last X-Forwarded-For entry (the one Next.js or the proxy wrote)', () => {
    expect(clientIp({ 'x-forwarded-for': '10.0.0.1' })).toBe('10.0.0.1');
    expect(clientIp({ 'x-forwarded-for': 'forged, 198.51.100.4' })).toBe('198.51.100.4');
    expect(clientIp(new Headers({ 'x-forwarded-for': 'a,b, c ' }))).toBe('c');
    expect(clientIp({})).toBe('unknown');
    expect(clientIp({ 'x-forwarded-for': 'x'.repeat(10_000) })).toHaveLength(64);
  });
});

describe('a throttled sign-in answer', () => {
  it('becomes 429 with Retry-After, keeping next-auth\'s cookies and its JSON url', async () => {
    const from = new Response(JSON.stringify({ url: 'http://localhost:3000/signin?error=TooManyAttempts' }), {
      status: 401,
      headers: { 'content-type': 'application/json', 'set-cookie': 'next-auth.csrf-token=abc; Path=/' },
    });
    const res = await throttledSignIn(from, 840);
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('840');
    expect(res.headers.get('set-cookie')).toContain('next-auth.csrf-token');
    expect(await res.json()).toEqual({ url: 'http://localhost:3000/signin?error=TooManyAttempts', error: 'TooManyAttempts', retryAfterSeconds: 840 });
  });

  it('says the wait in words', () => {
    expect([formatWait(1), formatWait(45), formatWait(840), formatWait(3600), formatWait(3700)]).toEqual(['1 second', '45 seconds', '14 minutes', '1 hour', '1 hour 2 minutes']);
  });
});

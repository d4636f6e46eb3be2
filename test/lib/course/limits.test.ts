import { describe, expect, it } from 'vitest';
import { checkAttemptLimits, describeAttemptStatus, localDay } from '../../../lib/course/limits';

const tz = 'Asia/Ho_Chi_Minh'; // UTC+7, no DST
const MIN = 60_000;

describe('checkAttemptLimits', () => {
  it('allows everything with no limits and no attempts', () => {
    const s = checkAttemptLimits({ policy: { timeZone: tz }, attempts: [], now: '2026-03-08T10:00:00Z' });
    expect(s).toMatchObject({ allowed: true, attemptsLeft: null, todayLeft: null, codes: [], attemptsUsed: 0 });
    expect(s.reason).toBeUndefined();
    expect(describeAttemptStatus(s, { timeZone: tz })).toBe('unlimited attempts');
  });

  it('counts attempts left, ignoring ungradable ones but counting queued ones', () => {
    const policy = { maxAttempts: 5, dailyCap: 3, timeZone: tz };
    const attempts = [
      { submittedAt: '2026-03-07T03:00:00Z', gradable: true }, // yesterday local
      { submittedAt: '2026-03-08T03:00:00Z', gradable: false }, // ungradable: free
      { submittedAt: '2026-03-08T04:00:00Z' }, // still queued: counts
    ];
    const s = checkAttemptLimits({ policy, attempts, now: '2026-03-08T05:00:00Z' });
    expect(s).toMatchObject({ allowed: true, attemptsLeft: 3, todayLeft: 2, attemptsUsed: 2 });
    expect(describeAttemptStatus(s, policy)).toBe('3 of 5 attempts left, 2 left today');
  });

  it('blocks for good when the last attempt is used', () => {
    const policy = { maxAttempts: 2, timeZone: tz };
    const attempts = [{ submittedAt: '2026-03-01T00:00:00Z' }, { submittedAt: '2026-03-02T00:00:00Z', gradable: true }];
    const s = checkAttemptLimits({ policy, attempts, now: '2026-03-08T00:00:00Z' });
    expect(s).toMatchObject({ allowed: false, attemptsLeft: 0, codes: ['max_attempts'] });
    expect(s.reason).toMatch(/all 2 attempts/);
    expect(s.nextAllowedAt).toBeUndefined();
    // one of them ungradable: one attempt left
    const s2 = checkAttemptLimits({ policy, attempts: [attempts[0]!, { ...attempts[1]!, gradable: false }], now: '2026-03-08T00:00:00Z' });
    expect(s2).toMatchObject({ allowed: true, attemptsLeft: 1 });
  });

  it('resets the daily cap at local midnight, not UTC midnight', () => {
    const policy = { dailyCap: 1, timeZone: tz };
    // 2026-03-08T16:30Z is 23:30 local on the 8th; local midnight is 17:00Z.
    const attempts = [{ submittedAt: '2026-03-08T16:30:00Z' }];
    const before = checkAttemptLimits({ policy, attempts, now: '2026-03-08T16:59:59.999Z' });
    expect(before).toMatchObject({ allowed: false, todayLeft: 0, codes: ['daily_cap'] });
    expect(before.nextAllowedAt?.toISOString()).toBe('2026-03-08T17:00:00.000Z');
    const after = checkAttemptLimits({ policy, attempts, now: '2026-03-08T17:00:00Z' });
    expect(after).toMatchObject({ allowed: true, todayLeft: 1 });
  });

  it('enforces the cooldown up to, not including, its end', () => {
    const policy = { cooldownMinutes: 10, timeZone: tz };
    const attempts = [{ submittedAt: '2026-03-08T05:00:00Z' }, { submittedAt: '2026-03-08T04:00:00Z' }];
    const during = checkAttemptLimits({ policy, attempts, now: new Date(Date.parse('2026-03-08T05:00:00Z') + 10 * MIN - 1) });
    expect(during).toMatchObject({ allowed: false, codes: ['cooldown'] });
    expect(during.nextAllowedAt?.toISOString()).toBe('2026-03-08T05:10:00.000Z');
    expect(during.reason).toMatch(/Wait 1 min/);
    const done = checkAttemptLimits({ policy, attempts, now: '2026-03-08T05:10:00Z' });
    expect(done.allowed).toBe(true);
  });

  it('ignores an ungradable attempt for the cooldown too', () => {
    const policy = { cooldownMinutes: 10, timeZone: tz };
    const attempts = [{ submittedAt: '2026-03-08T05:00:00Z', gradable: false }];
    expect(checkAttemptLimits({ policy, attempts, now: '2026-03-08T05:01:00Z' }).allowed).toBe(true);
  });

  it('reports the later release when the cap and the cooldown both block', () => {
    const policy = { dailyCap: 1, cooldownMinutes: 120, timeZone: tz };
    const attempts = [{ submittedAt: '2026-03-08T16:00:00Z' }]; // 23:00 local
    const s = checkAttemptLimits({ policy, attempts, now: '2026-03-08T16:30:00Z' });
    expect(s.codes).toEqual(['daily_cap', 'cooldown']);
    expect(s.nextAllowedAt?.toISOString()).toBe('2026-03-08T18:00:00.000Z');
  });

  it('rejects an unknown time zone and invalid limits', () => {
    expect(() => checkAttemptLimits({ policy: { timeZone: 'Mars/Olympus' }, attempts: [], now: new Date() })).toThrow(/Mars/);
    expect(() => checkAttemptLimits({ policy: { maxAttempts: 0, timeZone: tz }, attempts: [], now: new Date() })).toThrow();
  });
});

describe('localDay', () => {
  it('has 23 hours in New York on the day DST starts and 25 on the day it ends', () => {
    const spring = localDay(Date.parse('2026-03-08T12:00:00Z'), 'America/New_York');
    expect((spring.end - spring.start) / 3_600_000).toBe(23);
    const fall = localDay(Date.parse('2026-11-01T12:00:00Z'), 'America/New_York');
    expect((fall.end - fall.start) / 3_600_000).toBe(25);
    expect(new Date(fall.start).toISOString()).toBe('2026-11-01T04:00:00.000Z');
  });
});

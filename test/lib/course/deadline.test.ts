import { describe, expect, it } from 'vitest';
import {
  applyPenalty,
  effectiveDeadline,
  evaluateSubmissionTime,
  formatDuration,
  formatInTimeZone,
  offsetMs,
  zonedTimeToInstant,
} from '../../../lib/course/deadline';

const H = 3_600_000;
const policy = {
  deadline: '2026-03-08T23:59:00+07:00',
  lateWindowHours: 72,
  latePenaltyPercentPerDay: 10,
  maxLatePenaltyPercent: 25,
};
const due = Date.parse(policy.deadline);
const at = (ms: number) => new Date(due + ms);

describe('evaluateSubmissionTime', () => {
  it('is on time exactly at the deadline and late one millisecond after', () => {
    expect(evaluateSubmissionTime({ policy, submittedAt: at(0) })).toMatchObject({ status: 'on_time', penalty: 0, lateBy: 0 });
    expect(evaluateSubmissionTime({ policy, submittedAt: at(-1) }).status).toBe('on_time');
    const late = evaluateSubmissionTime({ policy, submittedAt: at(1) });
    expect(late).toMatchObject({ status: 'late', penalty: 0.1, lateBy: 1 });
  });

  it('charges per started 24-hour period and caps the penalty', () => {
    expect(evaluateSubmissionTime({ policy, submittedAt: at(24 * H) }).penalty).toBe(0.1);
    expect(evaluateSubmissionTime({ policy, submittedAt: at(24 * H + 1) }).penalty).toBe(0.2);
    expect(evaluateSubmissionTime({ policy, submittedAt: at(48 * H + 1) }).penalty).toBe(0.25);
  });

  it('accepts until the end of the late window, inclusive, then closes', () => {
    expect(evaluateSubmissionTime({ policy, submittedAt: at(72 * H) }).status).toBe('late');
    const closed = evaluateSubmissionTime({ policy, submittedAt: at(72 * H + 1) });
    expect(closed).toMatchObject({ status: 'closed', penalty: 1 });
    expect(closed.closesAt.getTime()).toBe(due + 72 * H);
  });

  it('closes right after the deadline when there is no late window', () => {
    const strict = { deadline: policy.deadline };
    expect(evaluateSubmissionTime({ policy: strict, submittedAt: at(0) }).status).toBe('on_time');
    expect(evaluateSubmissionTime({ policy: strict, submittedAt: at(1) }).status).toBe('closed');
  });

  it('gives the same answer whatever offset the deadline and submission are written in', () => {
    const utc = { ...policy, deadline: '2026-03-08T16:59:00Z' };
    const ny = { ...policy, deadline: '2026-03-08T12:59:00-04:00' };
    for (const p of [policy, utc, ny]) {
      const r = evaluateSubmissionTime({ policy: p, submittedAt: '2026-03-09T00:30:00+07:00' });
      expect(r).toMatchObject({ status: 'late', lateBy: 31 * 60_000, penalty: 0.1 });
      expect(r.effectiveDeadline.toISOString()).toBe('2026-03-08T16:59:00.000Z');
    }
  });

  it('moves the deadline and the late window by an extension in hours', () => {
    const ext = { extraHours: 48 };
    expect(effectiveDeadline(policy, ext).getTime()).toBe(due + 48 * H);
    expect(evaluateSubmissionTime({ policy, extension: ext, submittedAt: at(48 * H) }).status).toBe('on_time');
    const r = evaluateSubmissionTime({ policy, extension: ext, submittedAt: at(49 * H) });
    expect(r).toMatchObject({ status: 'late', lateBy: H, penalty: 0.1 });
    expect(evaluateSubmissionTime({ policy, extension: ext, submittedAt: at(120 * H) }).status).toBe('late');
    expect(evaluateSubmissionTime({ policy, extension: ext, submittedAt: at(120 * H + 1) }).status).toBe('closed');
  });

  it('takes a new deadline as an extension but never moves the deadline earlier', () => {
    const later = { deadline: '2026-03-10T12:00:00Z' };
    expect(effectiveDeadline(policy, later).toISOString()).toBe('2026-03-10T12:00:00.000Z');
    const earlier = { deadline: '2026-03-01T00:00:00Z' };
    expect(effectiveDeadline(policy, earlier).getTime()).toBe(due);
    expect(evaluateSubmissionTime({ policy, extension: earlier, submittedAt: at(0) }).status).toBe('on_time');
  });

  it('counts 24-hour periods across a DST change, not calendar days', () => {
    // New York springs forward on 2026-03-08 at 02:00: that local day has 23 hours.
    const nyPolicy = { deadline: '2026-03-07T23:59:00-05:00', lateWindowHours: 96, latePenaltyPercentPerDay: 10 };
    const sameWallTimeNextDay = zonedTimeToInstant('2026-03-08T23:59', 'America/New_York');
    const r1 = evaluateSubmissionTime({ policy: nyPolicy, submittedAt: sameWallTimeNextDay });
    expect(r1.lateBy).toBe(23 * H);
    expect(r1.penalty).toBe(0.1);
    // 00:59 on 03-09 is exactly 24 elapsed hours late (still day one); 01:00 starts day two.
    const r2 = evaluateSubmissionTime({ policy: nyPolicy, submittedAt: zonedTimeToInstant('2026-03-09T00:59', 'America/New_York') });
    expect(r2.lateBy).toBe(24 * H);
    expect(r2.penalty).toBe(0.1);
    const r3 = evaluateSubmissionTime({ policy: nyPolicy, submittedAt: zonedTimeToInstant('2026-03-09T01:00', 'America/New_York') });
    expect(r3.lateBy).toBe(24 * H + 60_000);
    expect(r3.penalty).toBe(0.2);
  });

  it('rejects malformed policies and times', () => {
    expect(() => evaluateSubmissionTime({ policy: { deadline: '2026-03-08 23:59' }, submittedAt: at(0) })).toThrow();
    expect(() => evaluateSubmissionTime({ policy: { ...policy, latePenaltyPercentPerDay: 120 }, submittedAt: at(0) })).toThrow();
    expect(() => evaluateSubmissionTime({ policy, submittedAt: 'yesterday' })).toThrow(/invalid time/);
    expect(() => effectiveDeadline(policy, { extraHours: -1 })).toThrow();
  });
});

describe('applyPenalty', () => {
  it('scales the score and clamps the penalty', () => {
    expect(applyPenalty(8, 0.25)).toBe(6);
    expect(applyPenalty(8, 0)).toBe(8);
    expect(applyPenalty(8, 1)).toBe(0);
    expect(applyPenalty(8, 1.5)).toBe(0);
    expect(applyPenalty(8, -0.5)).toBe(8);
    expect(applyPenalty(1, 0.1)).toBe(0.9);
  });
});

describe('time zones', () => {
  it('turns a wall time in Ho Chi Minh City into the instant 7 hours earlier in UTC', () => {
    expect(zonedTimeToInstant('2026-03-08T23:59', 'Asia/Ho_Chi_Minh').toISOString()).toBe('2026-03-08T16:59:00.000Z');
    expect(offsetMs(Date.parse('2026-07-01T00:00:00Z'), 'Asia/Ho_Chi_Minh')).toBe(7 * H);
  });

  it('resolves New York wall times around both DST changes', () => {
    expect(zonedTimeToInstant('2026-03-08T01:30', 'America/New_York').toISOString()).toBe('2026-03-08T06:30:00.000Z');
    // 02:30 does not exist on 2026-03-08: moved forward by the gap to 03:30 EDT.
    expect(zonedTimeToInstant('2026-03-08T02:30', 'America/New_York').toISOString()).toBe('2026-03-08T07:30:00.000Z');
    expect(zonedTimeToInstant('2026-03-08T03:30', 'America/New_York').toISOString()).toBe('2026-03-08T07:30:00.000Z');
    // 01:30 happens twice on 2026-11-01: the earlier (EDT) one is chosen.
    expect(zonedTimeToInstant('2026-11-01T01:30', 'America/New_York').toISOString()).toBe('2026-11-01T05:30:00.000Z');
    expect(zonedTimeToInstant('2026-11-01T02:30', 'America/New_York').toISOString()).toBe('2026-11-01T07:30:00.000Z');
  });

  it('formats an instant in the course time zone with its offset', () => {
    expect(formatInTimeZone('2026-03-08T16:59:00Z', 'Asia/Ho_Chi_Minh')).toBe('2026-03-08 23:59 GMT+7');
    expect(formatInTimeZone('2026-03-08T06:30:00Z', 'America/New_York')).toBe('2026-03-08 01:30 GMT-5');
    expect(formatInTimeZone('2026-03-08T07:30:00Z', 'America/New_York')).toBe('2026-03-08 03:30 GMT-4');
    expect(formatInTimeZone(new Date('2026-12-31T23:00:00Z'), 'Asia/Ho_Chi_Minh')).toBe('2027-01-01 06:00 GMT+7');
  });

  it('rejects text that is not a wall time', () => {
    expect(() => zonedTimeToInstant('March 8', 'Asia/Ho_Chi_Minh')).toThrow(/wall-clock/);
  });

  it('formats durations', () => {
    expect(formatDuration(1)).toBe('1 s');
    expect(formatDuration(25 * H + 5 * 60_000)).toBe('1 d 1 h 5 min');
    expect(formatDuration(2 * H)).toBe('2 h');
  });
});

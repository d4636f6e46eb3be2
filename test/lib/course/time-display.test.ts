import { describe, expect, it } from 'vitest';
import { courseTime, describeLatePolicy, formatRelative, formatSpan } from '../../../lib/course/time-display';

const S = 1000;
const MIN = 60 * S;
const H = 60 * MIN;
const D = 24 * H;

describe('courseTime', () => {
  it('shows an instant in the course zone with its offset, whatever zone it was written in', () => {
    // Midnight in Vietnam is 17:00 UTC the day before: the student reads midnight.
    expect(courseTime('2026-03-08T17:00:00Z', 'Asia/Ho_Chi_Minh')).toBe('2026-03-09 00:00 GMT+7');
    expect(courseTime(new Date('2026-03-09T00:00:00+07:00'), 'UTC')).toBe('2026-03-08 17:00 UTC');
  });
});

describe('formatSpan and formatRelative', () => {
  it('keeps the two largest units and rounds down', () => {
    expect(formatSpan(2 * D + 3 * H + 59 * MIN)).toBe('2 days 3 h');
    expect(formatSpan(D)).toBe('1 day');
    expect(formatSpan(5 * H + 12 * MIN + 30 * S)).toBe('5 h 12 min');
    expect(formatSpan(4 * MIN + 10 * S)).toBe('4 min 10 s');
    expect(formatSpan(42 * MIN + 10 * S)).toBe('42 min');
    expect(formatSpan(40 * S + 999)).toBe('40 s');
  });

  it('says "in" for the future and "ago" for the past', () => {
    const now = Date.parse('2026-03-01T00:00:00Z');
    expect(formatRelative(now + 2 * D + 3 * H, now)).toBe('in 2 days 3 h');
    expect(formatRelative(new Date(now - 3 * H - 5 * MIN), new Date(now))).toBe('3 h 5 min ago');
    expect(formatRelative(now + 300, now)).toBe('now');
  });

  it('speaks Vietnamese to a Vietnamese reader', () => {
    const now = Date.parse('2026-03-01T00:00:00Z');
    expect(formatSpan(1 * D, 'vi')).toBe('1 ngày');
    expect(formatRelative(now + 2 * D + 3 * H, now, 'vi')).toBe('còn 2 ngày 3 giờ');
    expect(formatRelative(now - 4 * MIN - 10 * S, now, 'vi')).toBe('4 phút 10 giây trước');
    expect(formatRelative(now, now, 'vi')).toBe('ngay bây giờ');
  });
});

describe('describeLatePolicy', () => {
  const closesAt = new Date('2026-03-11T16:59:00Z');
  it('names the penalty and the last accepted time in the course zone', () => {
    expect(describeLatePolicy({ latePenaltyPercentPerDay: 10, lateWindowHours: 72, closesAt, timeZone: 'Asia/Ho_Chi_Minh' })).toBe(
      'Late submissions lose 10 % of the score per started day late, accepted until 2026-03-11 23:59 GMT+7.',
    );
    expect(describeLatePolicy({ latePenaltyPercentPerDay: 12.5, lateWindowHours: 72, closesAt, timeZone: 'UTC' })).toMatch(/^Late submissions lose 12\.5 % /);
    expect(describeLatePolicy({ latePenaltyPercentPerDay: 0, lateWindowHours: 24, closesAt, timeZone: 'UTC' })).toBe(
      'Late submissions accepted without penalty until 2026-03-11 16:59 UTC.',
    );
    expect(describeLatePolicy({ latePenaltyPercentPerDay: 10, lateWindowHours: 0, closesAt, timeZone: 'UTC' })).toBe('No late submissions.');
  });

  it('in Vietnamese too, with the same time', () => {
    expect(describeLatePolicy({ latePenaltyPercentPerDay: 12.5, lateWindowHours: 72, closesAt, timeZone: 'Asia/Ho_Chi_Minh' }, 'vi')).toBe(
      'Bài nộp muộn bị trừ 12,5 % điểm cho mỗi ngày muộn (ngày chưa trọn tính là một ngày), nhận đến 2026-03-11 23:59 GMT+7.',
    );
    expect(describeLatePolicy({ latePenaltyPercentPerDay: 10, lateWindowHours: 0, closesAt, timeZone: 'UTC' }, 'vi')).toBe('Không nhận bài nộp muộn.');
  });
});

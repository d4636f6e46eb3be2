import { describe, expect, it } from 'vitest';
import {
  checkDailyCap,
  checkTrainingChoice,
  countingSubmission,
  gradebookScore,
  isPrivateRevealed,
  rankLeaderboard,
  ZMnistSettings,
  type ScoredSubmission,
} from '../../../lib/model';

const at = (iso: string) => new Date(iso);
const sub = (id: string, studentId: string, createdAt: string, publicAccuracy: number, privateAccuracy?: number): ScoredSubmission => ({
  id,
  studentId,
  createdAt: at(createdAt),
  publicAccuracy,
  privateAccuracy,
});

describe('leaderboard ordering', () => {
  const subs = [
    sub('a1', 'ann', '2026-11-01T10:00:00Z', 0.97, 0.95),
    sub('a2', 'ann', '2026-11-02T10:00:00Z', 0.98, 0.96),
    sub('b1', 'bob', '2026-11-01T09:00:00Z', 0.98, 0.99),
    sub('c1', 'cat', '2026-11-01T08:00:00Z', 0.9, 0.97),
  ];

  it('higher public accuracy first; a tie goes to the earlier submission', () => {
    const rows = rankLeaderboard({ submissions: subs, revealed: false });
    expect(rows.map((r) => [r.rank, r.studentId, r.submission.id])).toEqual([
      [1, 'bob', 'b1'], // 0.98 at 09:00 on the 1st beats ann's 0.98 on the 2nd
      [2, 'ann', 'a2'],
      [3, 'cat', 'c1'],
    ]);
    expect(rows.every((r) => !r.privateShown)).toBe(true);
  });

  it("a student's counting submission is the chosen one, else the best public", () => {
    expect(countingSubmission(subs.filter((s) => s.studentId === 'ann'))!.id).toBe('a2');
    expect(countingSubmission(subs.filter((s) => s.studentId === 'ann'), 'a1')!.id).toBe('a1');
    expect(countingSubmission(subs.filter((s) => s.studentId === 'ann'), 'b1')!.id).toBe('a2'); // not hers
    const rows = rankLeaderboard({ submissions: subs, choices: { ann: 'a1' }, revealed: false });
    expect(rows.find((r) => r.studentId === 'ann')!.submission.id).toBe('a1');
  });

  it('after the reveal the private accuracy ranks', () => {
    const rows = rankLeaderboard({ submissions: subs, revealed: true });
    expect(rows.map((r) => r.studentId)).toEqual(['bob', 'cat', 'ann']);
    expect(rows[1]!.accuracy).toBe(0.97);
    expect(rows.every((r) => r.privateShown)).toBe(true);
  });

  it('private accuracy is revealed by the instructor or by the deadline', () => {
    const now = at('2026-11-10T00:00:00Z');
    expect(isPrivateRevealed({ now })).toBe(false);
    expect(isPrivateRevealed({ now, deadline: '2026-11-11T00:00:00Z' })).toBe(false);
    expect(isPrivateRevealed({ now, deadline: '2026-11-09T23:59:59Z' })).toBe(true);
    expect(isPrivateRevealed({ now, revealedAt: at('2026-11-09T12:00:00Z'), deadline: '2026-12-01T00:00:00Z' })).toBe(true);
  });
});

describe('daily cap', () => {
  const now = at('2026-11-05T15:00:00Z');
  const today = ['2026-11-05T01:00:00Z', '2026-11-05T03:00:00Z', '2026-11-05T09:00:00Z', '2026-11-05T14:00:00Z'].map(at);
  const yesterday = ['2026-11-04T23:30:00Z'].map(at);

  it('counts only today, and blocks the sixth of five', () => {
    const four = checkDailyCap({ submittedAt: [...yesterday, ...today], cap: 5, now });
    expect([four.allowed, four.used, four.remaining]).toEqual([true, 4, 1]);
    const five = checkDailyCap({ submittedAt: [...today, at('2026-11-05T14:30:00Z')], cap: 5, now });
    expect([five.allowed, five.used, five.remaining]).toEqual([false, 5, 0]);
    expect(five.resetsAt.toISOString()).toBe('2026-11-06T00:00:00.000Z');
  });

  it("follows the course's time zone (Asia/Ho_Chi_Minh is UTC+7)", () => {
    // 23:30 UTC on the 4th is 06:30 on the 5th in Hanoi: it counts as today there.
    const s = checkDailyCap({ submittedAt: [...yesterday, ...today], cap: 5, now, timeZone: 'Asia/Ho_Chi_Minh' });
    expect(s.used).toBe(5);
    expect(s.allowed).toBe(false);
    expect(s.resetsAt.toISOString()).toBe('2026-11-05T17:00:00.000Z');
  });
});

describe('gradebook score and settings', () => {
  const settings = ZMnistSettings.parse({});
  it('the highest threshold reached gives its share of the points', () => {
    const score = (accuracy: number) => gradebookScore({ accuracy, thresholds: settings.thresholds, points: 20 });
    expect([0.5, 0.9, 0.949, 0.95, 0.981, 1].map(score)).toEqual([0, 10, 10, 15, 20, 20]);
  });
  it('form choices outside the bounds are reported', () => {
    expect(checkTrainingChoice({ settings, choice: { optimizer: 'adam', learningRate: 0.001, batchSize: 32, epochs: 1 } })).toEqual([]);
    const e = checkTrainingChoice({ settings, choice: { optimizer: 'adam', learningRate: 5, batchSize: 4096, epochs: 50 } });
    expect(e).toHaveLength(3);
  });
});

import { describe, expect, it } from 'vitest';
import { compareInteger, compareMatrix, compareReal, withinTolerance } from '@/lib/grading/compare';

describe('compare', () => {
  it('integers compare exactly', () => {
    expect(compareInteger(127, 127).correct).toBe(true);
    expect(compareInteger(127, 128)).toMatchObject({ correct: false, fraction: 0 });
  });

  it('reals compare within relative or absolute tolerance', () => {
    const tol = { relative: 0.01, absolute: 0 };
    expect(compareReal(17.9775, 17.9, tol).correct).toBe(true);
    expect(compareReal(17.9775, 17.7, tol).correct).toBe(false);
    expect(withinTolerance(0, 0.004, { relative: 0.01, absolute: 0.005 })).toBe(true);
    expect(withinTolerance(0, 0.006, { relative: 0.01, absolute: 0.005 })).toBe(false);
    expect(withinTolerance(0.3, 0.1 + 0.2, { relative: 0, absolute: 0 })).toBe(true);
  });

  it('matrices earn the share of right cells and name the wrong ones', () => {
    const cmp = compareMatrix([[11, 12], [15, 16]], [[11, 0], [15, 16]], { relative: 0, absolute: 0 });
    expect(cmp.correct).toBe(false);
    expect(cmp.fraction).toBe(0.75);
    expect(cmp.cells).toEqual([[true, false], [true, true]]);
    expect(cmp.feedback).toMatch(/3 of 4/);
    expect(cmp.feedback).toMatch(/\(1, 2\)/);
    expect(cmp.feedback).not.toMatch(/12/);
  });

  it('wrong feedback never contains the expected value', () => {
    for (const expected of [127, 51264, 812851200]) {
      expect(compareInteger(expected, expected + 1).feedback).not.toContain(String(expected));
      expect(compareReal(expected, expected * 2, { relative: 0.01, absolute: 0 }).feedback).not.toContain(String(expected));
    }
  });
});

import { describe, expect, it } from 'vitest';
import { compareOutput, shapeOf } from '../../../worker/code/compare';

const tolerance = { rel: 1e-6, abs: 1e-9 };

describe('compareOutput', () => {
  it('tells a wrong shape from wrong values, in the student\'s language', () => {
    const expected = [[[1], [2]], [[3], [4]]];
    const py = compareOutput({ kind: 'values', expected, actual: [[1, 2], [3, 4]], tolerance, language: 'python' });
    expect(py).toEqual({ pass: false, message: 'wrong shape: expected (2, 2, 1), got (2, 2)' });
    const ts = compareOutput({ kind: 'shape', expected, actual: [[[1], [2]]], tolerance, language: 'typescript' });
    expect(ts.message).toBe('wrong shape: expected [2][2][1], got [1][2][1]');
  });

  it('reports the first mismatching index, the count and the max error', () => {
    const r = compareOutput({ kind: 'values', expected: [[0, 1], [2, 3]], actual: [[0, 1], [2.5, 3.25]], tolerance, language: 'python' });
    expect(r.pass).toBe(false);
    expect(r.message).toContain('2 of 4 differ');
    expect(r.message).toContain('first at [1, 0]: expected 2, got 2.5');
    expect(r.message).toContain('max abs error 5.00e-1');
  });

  it('accepts values within relative tolerance and rejects NaN', () => {
    expect(compareOutput({ kind: 'values', expected: [1e6, 1], actual: [1e6 + 0.5, 1], tolerance, language: 'python' }).pass).toBe(true);
    expect(compareOutput({ kind: 'values', expected: [1e6, 1], actual: [1e6 + 2, 1], tolerance, language: 'python' }).pass).toBe(false);
    const nan = compareOutput({ kind: 'values', expected: [1], actual: ['nan'], tolerance, language: 'python' });
    expect(nan.pass).toBe(false);
    expect(nan.message).toContain('got NaN');
  });

  it('checks where a gradient is routed, independently of its values', () => {
    const expected = [[0, 5], [0, 0]];
    expect(compareOutput({ kind: 'support', expected, actual: [[0, 7], [0, 0]], tolerance, language: 'python' }).pass).toBe(true);
    const r = compareOutput({ kind: 'support', expected, actual: [[5, 5], [5, 5]], tolerance, language: 'python' });
    expect(r.pass).toBe(false);
    expect(r.message).toContain('3 of 4 entries are non-zero where they should be zero');
  });

  it('explains a missing return value', () => {
    const r = compareOutput({ kind: 'values', expected: [[1]], actual: null, tolerance, language: 'python' });
    expect(r.message).toContain('None (did you forget to return it?)');
    expect(compareOutput({ kind: 'values', expected: [1], actual: { __type__: 'generator' }, tolerance, language: 'python' }).message).toContain('generator');
  });

  it('finds shapes of rectangular arrays only', () => {
    expect(shapeOf([[1, 2, 3], [4, 5, 6]])).toEqual([2, 3]);
    expect(shapeOf([[1, 2], [3]])).toBeNull();
    expect(shapeOf(3)).toEqual([]);
    expect(shapeOf('x')).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { ZGradeResult } from '@/lib/grading/results';
import { ANSWER_ERROR_KEY, gradeNumericAnswer, type AnswerField } from '@/lib/grading/numeric-grade';

const fields: AnswerField[] = [
  { name: 'n', label: 'A count', type: 'integer' },
  { name: 'r', label: 'A ratio', type: 'real' },
  { name: 'm', label: 'A matrix', type: 'matrix', rows: 2, cols: 2 },
];
const expected = { n: 127, r: 17.9775, m: [[11, 12], [15, 16]] };
const base = { fields, expected, points: 6, tolerance: { relative: 0.01, absolute: 0 } };

describe('gradeNumericAnswer', () => {
  it('gives full marks for right answers typed as text', () => {
    const check = gradeNumericAnswer({ ...base, raw: { n: ' 127 ', r: '17.9', m: [['11', '12'], ['15', '16']] } });
    expect(check.kind).toBe('graded');
    if (check.kind !== 'graded') return;
    expect(ZGradeResult.parse(check.result)).toEqual(check.result);
    expect(check.result.score).toBe(6);
    expect(check.result.tests.map((t) => t.status)).toEqual(['passed', 'passed', 'passed']);
  });

  it('gives partial credit per field and per matrix cell', () => {
    const check = gradeNumericAnswer({ ...base, raw: { n: 128, r: 17.98, m: [[11, 0], [15, 16]] } });
    if (check.kind !== 'graded') throw new Error('expected graded');
    expect(check.result.tests.map((t) => t.score)).toEqual([0, 2, 1.5]);
    expect(check.result.score).toBe(3.5);
    expect(check.result.max_score).toBe(6);
    expect(check.result.extra_data?.fields).toMatchObject({ m: { cells: [[true, false], [true, true]] } });
  });

  it('reals outside the tolerance fail and say so', () => {
    const check = gradeNumericAnswer({ ...base, raw: { n: 127, r: 17.7, m: expected.m } });
    if (check.kind !== 'graded') throw new Error('expected graded');
    expect(check.result.tests[1]).toMatchObject({ status: 'failed', score: 0 });
    expect(check.result.tests[1]!.output).toMatch(/tolerance: 1% relative/);
  });

  it('malformed input is invalid (not an attempt), with a message per bad field', () => {
    const check = gradeNumericAnswer({ ...base, raw: { n: '12 13', r: 'NaN', m: [['1', '2'], ['3']] } });
    expect(check.kind).toBe('invalid');
    if (check.kind !== 'invalid') return;
    expect(Object.keys(check.errors).sort()).toEqual(['m', 'n', 'r']);
    expect(gradeNumericAnswer({ ...base, raw: { n: 127, r: 1 } })).toMatchObject({ kind: 'invalid', errors: { m: expect.any(String) } });
    expect(gradeNumericAnswer({ ...base, raw: [1, 2] })).toMatchObject({ kind: 'invalid', errors: { [ANSWER_ERROR_KEY]: expect.any(String) } });
    expect(gradeNumericAnswer({ ...base, raw: 'not json' })).toMatchObject({ kind: 'invalid' });
    expect(gradeNumericAnswer({ ...base, raw: { n: '127.5', r: 1, m: expected.m } })).toMatchObject({
      kind: 'invalid',
      errors: { n: expect.stringMatching(/whole number/) },
    });
  });

  it('never shows the expected values unless revealSolution, then shows them and the solution', () => {
    const raw = { n: 1, r: 1, m: [[0, 0], [0, 0]] };
    const hidden = gradeNumericAnswer({ ...base, raw, solution: 'SOLUTION TEXT' });
    if (hidden.kind !== 'graded') throw new Error('expected graded');
    const text = JSON.stringify(hidden.result);
    for (const v of ['127', '17.97', '11', '12', '15', '16', 'SOLUTION TEXT']) expect(text).not.toContain(v);
    expect(hidden.result.extra_data).not.toHaveProperty('expected');
    expect(hidden.result.extra_data).not.toHaveProperty('solution');

    const shown = gradeNumericAnswer({ ...base, raw, revealSolution: true, solution: 'SOLUTION TEXT' });
    if (shown.kind !== 'graded') throw new Error('expected graded');
    expect(shown.result.output).toContain('SOLUTION TEXT');
    expect(shown.result.extra_data?.solution).toBe('SOLUTION TEXT');
    expect(shown.result.tests[0]!.output).toContain('127');
    expect(shown.result.tests[2]!.output).toContain('[[11, 12], [15, 16]]');
  });
});

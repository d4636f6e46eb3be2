import { describe, expect, it } from 'vitest';
import { exportResultsJson } from '../../../lib/export/results-json';
import { summarizeTests, type TestResult } from '../../../lib/grading/results';

const tests: TestResult[] = [
  { name: 'shape 5x5', score: 1, max_score: 1, status: 'passed', output: 'ok', visibility: 'visible' },
  { name: 'stride 2 on 7x7 input', score: 0, max_score: 2, status: 'failed', output: 'expected 9.5 got 3', visibility: 'hidden' },
  { name: 'random 28x28', score: 2, max_score: 2, status: 'passed', output: 'max error 1e-9', visibility: 'after_due_date' },
  { name: 'timing', score: 1, max_score: 1, status: 'passed', output: '12 ms', visibility: 'after_published' },
];
const result = summarizeTests({
  tests,
  output: 'graded 4 tests',
  executionTime: 1.5,
  extra: {
    feedback: { summary: 'close', expected: [1, 2, 3], nested: [{ referenceOutput: 4, note: 'n' }] },
    expectedOutputs: [[1]],
    seed: 1234,
    trainingCurve: [0.5, 0.9],
    internalDebug: 'stack',
  },
});
const deadline = new Date('2026-03-08T16:59:00Z');
const before = new Date('2026-03-08T16:00:00Z');
const after = new Date('2026-03-08T17:00:00Z');

describe('exportResultsJson', () => {
  it('gives instructors everything', () => {
    const r = exportResultsJson({ result, audience: 'instructor', now: before, deadline });
    expect(r.tests.map((t) => t.output)).toEqual(tests.map((t) => t.output));
    expect(r.extra_data).toEqual(result.extra_data);
  });

  it('hides hidden and not-yet-due outputs from students before the deadline, keeping scores', () => {
    const r = exportResultsJson({ result, audience: 'student', now: before, deadline });
    expect(r.score).toBe(4);
    expect(r.max_score).toBe(6);
    expect(r.tests[0]).toMatchObject({ name: 'shape 5x5', output: 'ok' });
    expect(r.tests[1]).toMatchObject({ name: 'Hidden test 1', output: '', output_hidden: true, score: 0, status: 'failed' });
    expect(r.tests[2]).toMatchObject({ name: 'Hidden test 2', output: '', output_hidden: true, score: 2 });
    expect(r.tests[3]).toMatchObject({ name: 'Hidden test 3', output: '' });
    expect(JSON.stringify(r)).not.toContain('9.5');
    expect(JSON.stringify(r)).not.toContain('stride 2');
  });

  it('shows after_due_date tests once the deadline has passed, and after_published ones once published', () => {
    const r = exportResultsJson({ result, audience: 'student', now: after, deadline });
    expect(r.tests[2]).toMatchObject({ name: 'random 28x28', output: 'max error 1e-9' });
    expect(r.tests[1]!.output).toBe('');
    expect(r.tests[3]!.output).toBe('');
    const pub = exportResultsJson({ result, audience: 'student', now: after, deadline, published: true });
    expect(pub.tests[3]).toMatchObject({ name: 'timing', output: '12 ms' });
    expect(pub.tests[1]!.output).toBe('');
    // exactly at the deadline it is not yet past due
    const atDue = exportResultsJson({ result, audience: 'student', now: deadline, deadline });
    expect(atDue.tests[2]!.output).toBe('');
  });

  it('keeps only allowlisted extra_data and drops answer-like keys at any depth', () => {
    const r = exportResultsJson({ result, audience: 'student', now: after, deadline });
    expect(r.extra_data).toEqual({ feedback: { summary: 'close', nested: [{ note: 'n' }] }, trainingCurve: [0.5, 0.9] });
    const custom = exportResultsJson({ result, audience: 'student', now: after, deadline, studentExtraKeys: ['internalDebug', 'seed'] });
    expect(custom.extra_data).toEqual({ internalDebug: 'stack' });
  });

  it('keeps the ungradable flag and format errors', () => {
    const r = exportResultsJson({
      result: { ...result, tests: [], gradable: false, format_errors: ['no function conv3x3'], extra_data: undefined },
      audience: 'student',
      now: before,
    });
    expect(r).toMatchObject({ gradable: false, format_errors: ['no function conv3x3'], tests: [] });
    expect(r.extra_data).toBeUndefined();
  });
});

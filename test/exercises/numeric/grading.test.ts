import { describe, expect, it } from 'vitest';
import { variantSeed, type AnswerValue } from '@/lib/exercises/numeric';
import { checkNumericAnswer, correctAnswer, getVariant, listNumericExerciseIds, workedSolution } from '../../helpers/exercises';

// Grading through the registry: what the web app sees for right, wrong and
// malformed answers, on many variants of every exercise.

const SEEDS = Array.from({ length: 30 }, (_, i) => variantSeed(`grading-${i}`, 'x'));

function wrongen(value: AnswerValue): AnswerValue {
  return typeof value === 'number' ? value * 3 + 7 : value.map((row) => row.map((v) => v + 100));
}

const GENERIC_WRONG = [
  /^Incorrect\.$/,
  /^Incorrect \(outside the tolerance: [^)]*\)\.$/,
  /^0 of \d+ cells correct; check row, column (\(\d+, \d+\)(, )?)+\.$/,
];

describe.each(listNumericExerciseIds())('%s grading', (id) => {
  it('wrong answers score 0 with feedback that names the problem but not the value', () => {
    for (const seed of SEEDS) {
      const answer = correctAnswer(id, seed);
      const raw = Object.fromEntries(Object.entries(answer).map(([k, v]) => [k, wrongen(v)]));
      const check = checkNumericAnswer({ exerciseId: id, seed, raw });
      if (check.kind !== 'graded') throw new Error(`expected graded, got ${JSON.stringify(check)}`);
      expect(check.result.score).toBe(0);
      for (const t of check.result.tests) {
        expect(t.status).toBe('failed');
        expect(GENERIC_WRONG.some((re) => re.test(t.output))).toBe(true);
      }
      expect(check.result.output).toMatch(/^0 of \d+ answers? correct\.$/);
      expect(check.result.extra_data).not.toHaveProperty('expected');
      expect(check.result.extra_data).not.toHaveProperty('solution');
    }
  });

  it('one wrong field costs only that field', () => {
    const seed = SEEDS[0]!;
    const answer = correctAnswer(id, seed);
    const [first] = getVariant(id, seed).fields;
    const check = checkNumericAnswer({ exerciseId: id, seed, raw: { ...answer, [first!.name]: wrongen(answer[first!.name]!) } });
    if (check.kind !== 'graded') throw new Error('expected graded');
    const failed = check.result.tests.filter((t) => t.status === 'failed');
    expect(failed.map((t) => t.name)).toEqual([first!.label]);
    expect(check.result.score).toBeCloseTo(check.result.max_score - failed[0]!.max_score, 6);
  });

  it('with revealSolution the result carries the worked solution', () => {
    const seed = SEEDS[1]!;
    const check = checkNumericAnswer({ exerciseId: id, seed, raw: correctAnswer(id, seed), revealSolution: true });
    if (check.kind !== 'graded') throw new Error('expected graded');
    const solution = workedSolution(id, seed);
    expect(check.result.extra_data?.solution).toBe(solution);
    expect(check.result.output).toContain(solution);
  });

  it('an empty answer is invalid, with one message per field, and is not graded', () => {
    const check = checkNumericAnswer({ exerciseId: id, seed: SEEDS[2]!, raw: {} });
    expect(check.kind).toBe('invalid');
    if (check.kind === 'invalid') {
      expect(Object.keys(check.errors).sort()).toEqual(getVariant(id, SEEDS[2]!).fields.map((f) => f.name).sort());
    }
  });
});

describe('form-shaped input', () => {
  it('accepts what a form posts for conv-output-size: strings with spaces and exponents', () => {
    const seed = 'form-test';
    const a = correctAnswer('conv-output-size', seed) as Record<string, number>;
    const raw = { height: ` ${a.height} `, width: `${a.width / 10}e1`, channels: String(a.channels) };
    const check = checkNumericAnswer({ exerciseId: 'conv-output-size', seed, raw });
    expect(check.kind === 'graded' && check.result.score).toBe(3);
  });

  it('pool-output averages rounded to two decimals are accepted, one decimal off is not', () => {
    // find a variant with non-integer averages
    const seed = SEEDS.find((s) => (correctAnswer('pool-output', s).average as number[][]).flat().some((v) => !Number.isInteger(v)))!;
    const { max, average } = correctAnswer('pool-output', seed) as { max: number[][]; average: number[][] };
    const rounded = average.map((r) => r.map((v) => v.toFixed(2)));
    const ok = checkNumericAnswer({ exerciseId: 'pool-output', seed, raw: { max, average: rounded } });
    expect(ok.kind === 'graded' && ok.result.score).toBe(4);
    const off = average.map((r) => r.map((v) => (Number.isInteger(v) ? v : v + 0.05)));
    const bad = checkNumericAnswer({ exerciseId: 'pool-output', seed, raw: { max, average: off } });
    expect(bad.kind === 'graded' && bad.result.score).toBeLessThan(4);
  });
});

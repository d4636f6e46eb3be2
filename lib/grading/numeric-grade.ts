import type { Text } from '../i18n/message';
import { compareInteger, compareMatrix, compareReal, type Comparison, type Tolerance } from './compare';
import { parseInteger, parseMatrix, parseNumber } from './parse-answer';
import { summarizeTests, type GradeResult, type TestResult } from './results';

// Grading of typed numeric answers: one test per answer field, partial credit per
// field (per cell for matrices). Runs in the web process; no untrusted code.

export type AnswerField =
  | { name: string; label: string; type: 'integer' | 'real'; unit?: string }
  | { name: string; label: string; type: 'matrix'; rows: number; cols: number };
export type AnswerValue = number | number[][];

export type NumericCheck =
  /** malformed input: not an attempt; one message per field ('_answer' for the whole answer) */
  /** `errors` in English; `texts`, when given, the same per field as data (lib/i18n/message.ts) */
  | { kind: 'invalid'; errors: Record<string, string>; texts?: Record<string, Text> }
  /** values: exactly the exercise's fields, parsed (what is stored: extra keys never are) */
  | { kind: 'graded'; result: GradeResult; values: Record<string, AnswerValue> };

export interface GradeNumericOptions {
  fields: AnswerField[];
  expected: Record<string, AnswerValue>;
  /** what the form posted: field → string or number; matrix field → string[][] / number[][] / text */
  raw: unknown;
  /** total points, shared equally by the fields */
  points: number;
  /** for 'real' fields and matrix cells; integers always compare exactly */
  tolerance: Tolerance;
  /** after the deadline: feedback may show the right values and the worked solution */
  revealSolution?: boolean;
  solution?: string;
  /** copied into extra_data (exercise id, seed...) */
  extra?: Record<string, unknown>;
}

export const ANSWER_ERROR_KEY = '_answer';

/** Parse every field; all-or-nothing so a typo never turns into a graded attempt. */
export function parseNumericAnswer(
  fields: AnswerField[],
  raw: unknown,
): { ok: true; values: Record<string, AnswerValue> } | { ok: false; errors: Record<string, string>; texts?: Record<string, Text> } {
  let answer = raw;
  if (typeof answer === 'string') {
    try {
      answer = JSON.parse(answer);
    } catch {
      return { ok: false, errors: { [ANSWER_ERROR_KEY]: 'The answer is not valid JSON.' } };
    }
  }
  if (typeof answer !== 'object' || answer === null || Array.isArray(answer)) {
    return { ok: false, errors: { [ANSWER_ERROR_KEY]: 'Send the answer as an object keyed by field name.' } };
  }
  const record = answer as Record<string, unknown>;
  const values: Record<string, AnswerValue> = {};
  const errors: Record<string, string> = {};
  const texts: Record<string, Text> = {};
  for (const field of fields) {
    const input = Object.hasOwn(record, field.name) ? record[field.name] : undefined;
    const parsed =
      field.type === 'matrix'
        ? parseMatrix(input, field)
        : field.type === 'integer'
          ? parseInteger(input)
          : parseNumber(input);
    if (parsed.ok) values[field.name] = parsed.value;
    else {
      errors[field.name] = parsed.error;
      texts[field.name] = parsed.text;
    }
  }
  return Object.keys(errors).length ? { ok: false, errors, texts } : { ok: true, values };
}

function compareField(field: AnswerField, expected: AnswerValue, actual: AnswerValue, tolerance: Tolerance): Comparison {
  if (field.type === 'matrix') return compareMatrix(expected as number[][], actual as number[][], tolerance);
  if (field.type === 'integer') return compareInteger(expected as number, actual as number);
  return compareReal(expected as number, actual as number, tolerance);
}

export function formatAnswerValue(value: AnswerValue): string {
  return typeof value === 'number' ? String(value) : `[${value.map((r) => `[${r.join(', ')}]`).join(', ')}]`;
}

export function gradeNumericAnswer(options: GradeNumericOptions): NumericCheck {
  const parsed = parseNumericAnswer(options.fields, options.raw);
  if (!parsed.ok) return { kind: 'invalid', errors: parsed.errors, texts: parsed.texts };
  const perField = options.fields.length ? options.points / options.fields.length : 0;
  const details: Record<string, Comparison> = {};
  const tests: TestResult[] = options.fields.map((field) => {
    const expected = options.expected[field.name];
    if (expected === undefined) throw new Error(`no expected value for field "${field.name}"`);
    const cmp = compareField(field, expected, parsed.values[field.name]!, options.tolerance);
    details[field.name] = cmp;
    const reveal = options.revealSolution && !cmp.correct ? ` The correct value is ${formatAnswerValue(expected)}.` : '';
    return {
      name: field.label,
      score: perField * cmp.fraction,
      max_score: perField,
      status: cmp.correct ? 'passed' : 'failed',
      output: cmp.feedback + reveal,
      visibility: 'visible',
    };
  });
  const right = tests.filter((t) => t.status === 'passed').length;
  const summary = `${right} of ${tests.length} answer${tests.length === 1 ? '' : 's'} correct.`;
  const extra: Record<string, unknown> = {
    ...options.extra,
    fields: Object.fromEntries(
      Object.entries(details).map(([name, d]) => [name, { correct: d.correct, fraction: d.fraction, feedback: d.feedback, ...(d.cells ? { cells: d.cells } : {}) }]),
    ),
  };
  if (options.revealSolution) {
    extra.expected = options.expected;
    if (options.solution !== undefined) extra.solution = options.solution;
  }
  const output = options.revealSolution && options.solution ? `${summary}\n\n${options.solution}` : summary;
  return { kind: 'graded', result: summarizeTests({ tests, output, extra }), values: parsed.values };
}

import type { CheckKind, Value } from '../../lib/exercises/code/types';
import type { Language } from '../../lib/exercises/schema';

// Compares one step's output from the box with the reference's, and explains a
// mismatch the way a student can act on: wrong shape vs wrong values, the first
// mismatching index, the largest error.

export interface Tolerance {
  rel: number;
  abs: number;
}

export type Comparison = { pass: true; message: string } | { pass: false; message: string };

export function compareOutput(options: {
  kind: CheckKind;
  expected: Value;
  actual: Value;
  tolerance: Tolerance;
  language: Language;
}): Comparison {
  const { kind, expected, actual, tolerance, language } = options;
  const fmt = formatterFor(language);
  const expectedShape = shapeOf(expected);
  const actualShape = shapeOf(actual);
  if (actualShape === null) return { pass: false, message: `expected an array of shape ${fmt.shape(expectedShape!)}, got ${describe(actual, language)}` };
  if (expectedShape === null) throw new Error('reference output is not a rectangular array');
  if (!sameShape(expectedShape, actualShape)) {
    return { pass: false, message: `wrong shape: expected ${fmt.shape(expectedShape)}, got ${fmt.shape(actualShape)}` };
  }
  if (kind === 'shape') return { pass: true, message: `shape ${fmt.shape(actualShape)}` };

  const e = flat(expected);
  const a = flat(actual);
  let firstBad = -1;
  let bad = 0;
  let maxErr = 0;
  let sawNaN = false;
  for (let i = 0; i < e.length; i++) {
    const ev = e[i]!;
    const av = a[i]!;
    const err = Math.abs(av - ev);
    if (Number.isNaN(err)) sawNaN = true;
    else if (err > maxErr) maxErr = err;
    const ok = kind === 'support' ? isNonZero(ev, tolerance) === isNonZero(av, tolerance) : close(av, ev, tolerance);
    if (!ok) {
      bad++;
      if (firstBad < 0) firstBad = i;
    }
  }
  if (bad === 0) {
    return {
      pass: true,
      message: kind === 'support' ? 'non-zero exactly where expected' : `all ${e.length} values match (max abs error ${sci(maxErr)})`,
    };
  }
  const index = fmt.index(unravel(firstBad, expectedShape));
  if (kind === 'support') {
    const expectNonZero = isNonZero(e[firstBad]!, tolerance);
    return {
      pass: false,
      message:
        `${bad} of ${e.length} entries are ${expectNonZero ? 'zero where they should receive a gradient' : 'non-zero where they should be zero'}` +
        `; first at ${index}: expected ${num(e[firstBad]!)}, got ${num(a[firstBad]!)}`,
    };
  }
  return {
    pass: false,
    message:
      `wrong values: ${bad} of ${e.length} differ; first at ${index}: expected ${num(e[firstBad]!)}, got ${num(a[firstBad]!)}; ` +
      `max abs error ${sawNaN ? 'NaN' : sci(maxErr)} (allowed: ${sci(tolerance.abs)} + ${sci(tolerance.rel)}·|expected|)`,
  };
}

/** The shape of a rectangular nested array of numbers, or null when it is not one. */
export function shapeOf(v: Value): number[] | null {
  if (isNumber(v)) return [];
  if (!Array.isArray(v)) return null;
  if (v.length === 0) return [0];
  const inner = shapeOf(v[0]!);
  if (inner === null) return null;
  for (let i = 1; i < v.length; i++) {
    const s = shapeOf(v[i]!);
    if (s === null || !sameShape(s, inner)) return null;
  }
  return [v.length, ...inner];
}

function isNumber(v: Value): boolean {
  return typeof v === 'number' || v === 'nan' || v === 'inf' || v === '-inf' || v === 'NaN' || v === 'Infinity' || v === '-Infinity';
}

function toNumber(v: Value): number {
  if (typeof v === 'number') return v;
  if (v === 'inf' || v === 'Infinity') return Infinity;
  if (v === '-inf' || v === '-Infinity') return -Infinity;
  return NaN;
}

function flat(v: Value): number[] {
  return Array.isArray(v) ? v.flatMap(flat) : [toNumber(v)];
}

function close(a: number, e: number, t: Tolerance): boolean {
  if (a === e) return true; // also equal infinities
  return Math.abs(a - e) <= t.abs + t.rel * Math.abs(e);
}

function isNonZero(x: number, t: Tolerance): boolean {
  return !(Math.abs(x) <= t.abs);
}

function sameShape(a: number[], b: number[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function unravel(i: number, shape: number[]): number[] {
  const idx = new Array<number>(shape.length).fill(0);
  for (let d = shape.length - 1; d >= 0; d--) {
    idx[d] = i % shape[d]!;
    i = Math.floor(i / shape[d]!);
  }
  return idx;
}

function formatterFor(language: Language) {
  return language === 'python'
    ? {
        shape: (s: number[]) => (s.length === 0 ? 'a scalar' : s.length === 1 ? `(${s[0]},)` : `(${s.join(', ')})`),
        index: (i: number[]) => `[${i.join(', ')}]`,
      }
    : {
        shape: (s: number[]) => (s.length === 0 ? 'a scalar' : s.map((n) => `[${n}]`).join('')),
        index: (i: number[]) => i.map((n) => `[${n}]`).join(''),
      };
}

function describe(v: Value, language: Language): string {
  if (v === null) return language === 'python' ? 'None (did you forget to return it?)' : 'undefined or null (did you forget to return it?)';
  if (typeof v === 'object' && !Array.isArray(v) && typeof v.__type__ === 'string') return `an object of type ${v.__type__}`;
  if (Array.isArray(v)) return 'a ragged or non-numeric array';
  return `a ${typeof v} (${JSON.stringify(v).slice(0, 40)})`;
}

function num(x: number): string {
  return Number.isFinite(x) ? String(Number(x.toPrecision(8))) : String(x);
}

function sci(x: number): string {
  return Number.isFinite(x) ? x.toExponential(2) : String(x);
}

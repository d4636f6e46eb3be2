// Comparing a parsed answer to the expected value. Feedback describes what is
// wrong (which field, which cells) and never contains the expected value;
// callers that may reveal it do so themselves.

export interface Tolerance {
  /** relative: |a − e| ≤ relative·|e| */
  relative: number;
  /** absolute: |a − e| ≤ absolute (useful near zero and for rounded answers) */
  absolute: number;
}

export const EXACT: Tolerance = { relative: 0, absolute: 0 };

export interface Comparison {
  correct: boolean;
  /** fraction of the field earned: 0 or 1 for scalars, share of correct cells for matrices */
  fraction: number;
  feedback: string;
  /** matrices only: which cells are right */
  cells?: boolean[][];
}

export function compareInteger(expected: number, actual: number): Comparison {
  const correct = actual === expected;
  return { correct, fraction: correct ? 1 : 0, feedback: correct ? 'Correct.' : 'Incorrect.' };
}

export function withinTolerance(expected: number, actual: number, tolerance: Tolerance): boolean {
  // the tiny slack absorbs binary rounding of values such as 0.1 + 0.2
  const slack = 1e-12 * Math.max(1, Math.abs(expected));
  return Math.abs(actual - expected) <= Math.max(tolerance.absolute, tolerance.relative * Math.abs(expected)) + slack;
}

export function describeTolerance(tolerance: Tolerance): string {
  const parts: string[] = [];
  if (tolerance.relative > 0) parts.push(`${+(tolerance.relative * 100).toPrecision(3)}% relative`);
  if (tolerance.absolute > 0) parts.push(`±${tolerance.absolute} absolute`);
  return parts.length ? parts.join(' or ') : 'exact';
}

export function compareReal(expected: number, actual: number, tolerance: Tolerance): Comparison {
  const correct = withinTolerance(expected, actual, tolerance);
  return {
    correct,
    fraction: correct ? 1 : 0,
    feedback: correct ? 'Correct.' : `Incorrect (outside the tolerance: ${describeTolerance(tolerance)}).`,
  };
}

/** Cell by cell; the shape is assumed to match (parseMatrix enforces it). */
export function compareMatrix(expected: number[][], actual: number[][], tolerance: Tolerance): Comparison {
  if (actual.length !== expected.length || actual.some((row, i) => row.length !== expected[i]!.length)) {
    return { correct: false, fraction: 0, feedback: 'The matrix has the wrong shape.' };
  }
  const cells = expected.map((row, i) => row.map((e, j) => withinTolerance(e, actual[i]![j]!, tolerance)));
  const total = cells.reduce((n, row) => n + row.length, 0);
  const right = cells.reduce((n, row) => n + row.filter(Boolean).length, 0);
  if (right === total) return { correct: true, fraction: 1, feedback: `Correct: all ${total} cells.`, cells };
  const wrong: string[] = [];
  cells.forEach((row, i) => row.forEach((ok, j) => ok || wrong.push(`(${i + 1}, ${j + 1})`)));
  return {
    correct: false,
    fraction: right / total,
    feedback: `${right} of ${total} cells correct; check row, column ${wrong.join(', ')}.`,
    cells,
  };
}

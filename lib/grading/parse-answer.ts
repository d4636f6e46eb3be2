// Turns what people type into numbers. A rejected answer is the student's typo,
// not a wrong answer: callers report the message and count no attempt.

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

// Plain decimal or scientific notation: "127", "-3.5", ".5", "1e3", "2.5E-2".
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
// Minus signs people paste from documents (the course notes print −192).
const MINUS_LOOKALIKES = /[\u2212\u2012\u2013\uFE63\uFF0D]/g;

function quote(text: string): string {
  return JSON.stringify(text.length > 24 ? `${text.slice(0, 24)}…` : text);
}

export function parseNumber(input: unknown): Parsed<number> {
  if (typeof input === 'number') {
    return Number.isFinite(input) ? { ok: true, value: input } : { ok: false, error: 'Enter a finite number.' };
  }
  if (input === undefined || input === null) return { ok: false, error: 'Enter a number.' };
  if (typeof input !== 'string') return { ok: false, error: 'Enter a number.' };
  const text = input.trim().replace(MINUS_LOOKALIKES, '-');
  if (text === '') return { ok: false, error: 'Enter a number.' };
  if (/^[+-]?(nan|inf(inity)?)$/i.test(text)) {
    return { ok: false, error: 'Enter a finite number (NaN and Infinity are not accepted).' };
  }
  if (/\s/.test(text)) return { ok: false, error: `Enter a single number, without spaces inside (got ${quote(text)}).` };
  if (/^[+-]?[\d.]*,[\d,.]*$/.test(text)) {
    return { ok: false, error: 'Use a dot for decimals and no thousands separators (e.g. 51264 or 3.5).' };
  }
  if (!NUMBER.test(text)) return { ok: false, error: `${quote(text)} is not a number.` };
  const value = Number(text);
  if (!Number.isFinite(value)) return { ok: false, error: 'That number is too large.' };
  return { ok: true, value };
}

export function parseInteger(input: unknown): Parsed<number> {
  const parsed = parseNumber(input);
  if (!parsed.ok) return parsed;
  if (!Number.isInteger(parsed.value)) {
    return { ok: false, error: 'Enter a whole number: this answer is an integer (no thousands separators).' };
  }
  if (!Number.isSafeInteger(parsed.value)) return { ok: false, error: 'That number is too large.' };
  return parsed;
}

/**
 * A matrix as posted by a form (string[][]), sent as JSON (number[][]), or typed
 * into one text box: rows separated by newlines or ';', cells by spaces or commas
 * ("1 2; 3 4"), or a JSON array literal ("[[1,2],[3,4]]").
 */
export function parseMatrix(input: unknown, shape: { rows: number; cols: number }): Parsed<number[][]> {
  let grid: unknown = input;
  if (typeof input === 'string') {
    const text = input.trim();
    if (text === '') return { ok: false, error: `Enter a ${shape.rows}×${shape.cols} matrix.` };
    if (text.startsWith('[')) {
      try {
        grid = JSON.parse(text);
      } catch {
        return { ok: false, error: 'The matrix is not valid JSON (expected e.g. [[1,2],[3,4]]).' };
      }
    } else {
      grid = text
        .split(/\s*(?:;|\r?\n)\s*/)
        .filter((row) => row !== '')
        .map((row) => row.split(/[\s,]+/));
    }
  }
  if (!Array.isArray(grid) || !grid.every(Array.isArray)) {
    return { ok: false, error: `Enter a ${shape.rows}×${shape.cols} matrix (a list of rows).` };
  }
  const rows = grid as unknown[][];
  if (rows.length !== shape.rows || rows.some((r) => r.length !== shape.cols)) {
    const got = rows.map((r) => r.length).join(', ');
    return {
      ok: false,
      error: `Expected ${shape.rows} rows of ${shape.cols} numbers; got ${rows.length} row${rows.length === 1 ? '' : 's'} (lengths ${got || 'none'}).`,
    };
  }
  const value: number[][] = [];
  const problems: string[] = [];
  rows.forEach((row, i) => {
    value.push(
      row.map((cell, j) => {
        const parsed = parseNumber(cell);
        if (parsed.ok) return parsed.value;
        problems.push(`row ${i + 1}, column ${j + 1}: ${parsed.error}`);
        return NaN;
      }),
    );
  });
  if (problems.length) return { ok: false, error: problems.join(' ') };
  return { ok: true, value };
}

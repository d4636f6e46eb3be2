// Number and matrix formatting shared by prompts and worked solutions.

/** 51264 → "51{,}264" (KaTeX would otherwise put a space after a bare comma). */
export function texInt(n: number): string {
  return groupThousands(n).replace(/,/g, '{,}');
}

/** 51264 → "51,264" for plain markdown text. */
export function groupThousands(n: number): string {
  const sign = n < 0 ? '-' : '';
  return sign + String(Math.abs(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** A real for display: at most `digits` decimals, trailing zeros dropped. */
export function fmtReal(x: number, digits = 3): string {
  return String(+x.toFixed(digits));
}

export function texMatrix(m: readonly (readonly number[])[], digits = 3): string {
  return `\\begin{bmatrix} ${m.map((row) => row.map((v) => fmtReal(v, digits)).join(' & ')).join(' \\\\ ')} \\end{bmatrix}`;
}

/** "(−3)" style parentheses keep products of negatives readable in KaTeX. */
export function texSigned(n: number): string {
  return n < 0 ? `(${n})` : String(n);
}

export function ordinal(n: number): string {
  const suffix = n % 10 === 1 && n % 100 !== 11 ? 'st' : n % 10 === 2 && n % 100 !== 12 ? 'nd' : n % 10 === 3 && n % 100 !== 13 ? 'rd' : 'th';
  return `${n}${suffix}`;
}

export function randomMatrix(
  rng: { int(min: number, max: number): number },
  rows: number,
  cols: number,
  lo: number,
  hi: number,
): number[][] {
  return Array.from({ length: rows }, () => Array.from({ length: cols }, () => rng.int(lo, hi)));
}

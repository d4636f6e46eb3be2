// Small dense 2-D matrices (number[][]) for worked examples; not for training.

export type Matrix = number[][];

export function matrixShape(m: readonly (readonly number[])[]): [number, number] {
  const rows = m.length;
  const cols = rows ? m[0]!.length : 0;
  if (!rows || !cols || m.some((r) => r.length !== cols)) {
    throw new RangeError('a matrix must be a non-empty list of rows of equal, non-zero length');
  }
  return [rows, cols];
}

export function zeros(rows: number, cols: number): Matrix {
  return Array.from({ length: rows }, () => new Array<number>(cols).fill(0));
}

/** Rotate by 180°: turns cross-correlation into true convolution and back. */
export function flip180(m: readonly (readonly number[])[]): Matrix {
  return [...m].reverse().map((r) => [...r].reverse());
}

/** Copy with `top/left` zero rows and columns before and `bottom/right` after. */
export function zeroPad(
  m: readonly (readonly number[])[],
  pad: { top: number; bottom: number; left: number; right: number },
): Matrix {
  const [rows, cols] = matrixShape(m);
  const out = zeros(rows + pad.top + pad.bottom, cols + pad.left + pad.right);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[i + pad.top]![j + pad.left] = m[i]![j]!;
  return out;
}

// Dense inner products over long contiguous rows. Every operand is laid out so
// the innermost loop walks memory with stride 1 (the layout V8 compiles best),
// and rows are blocked so each loaded value feeds several multiply-adds.

/**
 * c[r][m] += Σ_s coef[r][s] · src[s][m] for r < R, m < M. c has M columns; src row s starts at
 * srcOff + s·ld (ld defaults to M), so a column range of a wider matrix can be used in place.
 */
export function axpyGemm(
  c: Float64Array,
  coef: Float64Array,
  src: Float64Array,
  R: number,
  S: number,
  M: number,
  srcOff = 0,
  ld = M,
): void {
  const S4 = S - (S % 4);
  let r = 0;
  for (; r + 1 < R; r += 2) {
    const o0 = r * M;
    const o1 = o0 + M;
    const w0 = r * S;
    const w1 = w0 + S;
    let s = 0;
    for (; s < S4; s += 4) {
      const a00 = coef[w0 + s], a01 = coef[w0 + s + 1], a02 = coef[w0 + s + 2], a03 = coef[w0 + s + 3];
      const a10 = coef[w1 + s], a11 = coef[w1 + s + 1], a12 = coef[w1 + s + 2], a13 = coef[w1 + s + 3];
      const p0 = srcOff + s * ld, p1 = p0 + ld, p2 = p1 + ld, p3 = p2 + ld;
      for (let m = 0; m < M; m++) {
        const x0 = src[p0 + m], x1 = src[p1 + m], x2 = src[p2 + m], x3 = src[p3 + m];
        c[o0 + m] += a00 * x0 + a01 * x1 + a02 * x2 + a03 * x3;
        c[o1 + m] += a10 * x0 + a11 * x1 + a12 * x2 + a13 * x3;
      }
    }
    for (; s < S; s++) {
      const a0 = coef[w0 + s], a1 = coef[w1 + s];
      const p = srcOff + s * ld;
      for (let m = 0; m < M; m++) {
        const x = src[p + m];
        c[o0 + m] += a0 * x;
        c[o1 + m] += a1 * x;
      }
    }
  }
  if (r < R) {
    const o0 = r * M;
    const w0 = r * S;
    let s = 0;
    for (; s < S4; s += 4) {
      const a0 = coef[w0 + s], a1 = coef[w0 + s + 1], a2 = coef[w0 + s + 2], a3 = coef[w0 + s + 3];
      const p0 = srcOff + s * ld, p1 = p0 + ld, p2 = p1 + ld, p3 = p2 + ld;
      for (let m = 0; m < M; m++) {
        c[o0 + m] += a0 * src[p0 + m] + a1 * src[p1 + m] + a2 * src[p2 + m] + a3 * src[p3 + m];
      }
    }
    for (; s < S; s++) {
      const a = coef[w0 + s];
      const p = srcOff + s * ld;
      for (let m = 0; m < M; m++) c[o0 + m] += a * src[p + m];
    }
  }
}

/** out[i][j] += Σ_m a[i][m] · b[j][m] for i < I, j < J; a has M columns, b row j starts at bOff + j·ldb, out has J columns. */
export function dotGemm(
  out: Float64Array,
  a: Float64Array,
  b: Float64Array,
  I: number,
  J: number,
  M: number,
  bOff = 0,
  ldb = M,
): void {
  const J4 = J - (J % 4);
  let i = 0;
  for (; i + 1 < I; i += 2) {
    const pa0 = i * M;
    const pa1 = pa0 + M;
    let j = 0;
    for (; j < J4; j += 4) {
      const pb0 = bOff + j * ldb, pb1 = pb0 + ldb, pb2 = pb1 + ldb, pb3 = pb2 + ldb;
      let s00 = 0, s01 = 0, s02 = 0, s03 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0;
      for (let m = 0; m < M; m++) {
        const x0 = a[pa0 + m], x1 = a[pa1 + m];
        const y0 = b[pb0 + m], y1 = b[pb1 + m], y2 = b[pb2 + m], y3 = b[pb3 + m];
        s00 += x0 * y0; s01 += x0 * y1; s02 += x0 * y2; s03 += x0 * y3;
        s10 += x1 * y0; s11 += x1 * y1; s12 += x1 * y2; s13 += x1 * y3;
      }
      const o0 = i * J + j, o1 = o0 + J;
      out[o0] += s00; out[o0 + 1] += s01; out[o0 + 2] += s02; out[o0 + 3] += s03;
      out[o1] += s10; out[o1 + 1] += s11; out[o1 + 2] += s12; out[o1 + 3] += s13;
    }
    for (; j < J; j++) {
      const pb = bOff + j * ldb;
      let s0 = 0, s1 = 0;
      for (let m = 0; m < M; m++) {
        const y = b[pb + m];
        s0 += a[pa0 + m] * y;
        s1 += a[pa1 + m] * y;
      }
      out[i * J + j] += s0;
      out[(i + 1) * J + j] += s1;
    }
  }
  if (i < I) {
    const pa = i * M;
    for (let j = 0; j < J; j++) {
      const pb = bOff + j * ldb;
      let s = 0;
      for (let m = 0; m < M; m++) s += a[pa + m] * b[pb + m];
      out[i * J + j] += s;
    }
  }
}

import type { ConvGeometry } from './cpu-backend';

// Patches are stored transposed: row k = (filterRow, filterCol, inChannel) in the
// filter's own [fh, fw, C, N] order, column m = an output pixel (b, outRow, outCol)
// counted from the chunk's first output row. Transposed rows are long and
// contiguous, which is what the GEMM loops want.

/** Output columns [lo, hi) whose input column for filter column wc lies inside the image. */
function validCols(g: ConvGeometry, wc: number): [number, number] {
  const off = wc * g.dW - g.padLeft;
  const lo = Math.max(0, Math.ceil(-off / g.sW));
  const hi = Math.min(g.oW, Math.ceil((g.W - off) / g.sW));
  return [lo, Math.max(lo, hi)];
}

/** Fills at[k * Mc + m] for output rows [row0, row1) of the flattened (batch, outRow) range; Mc = (row1 - row0) * oW. */
export function im2colT(x: Float32Array, g: ConvGeometry, row0: number, row1: number, at: Float64Array): void {
  const { H, W, C, oH, oW, fh, fw, sH, sW, dH, padTop } = g;
  const Mc = (row1 - row0) * oW;
  const step = sW * C;
  let k = 0;
  for (let wr = 0; wr < fh; wr++) {
    for (let wc = 0; wc < fw; wc++) {
      const [lo, hi] = validCols(g, wc);
      const colOff = wc * g.dW - g.padLeft;
      for (let ci = 0; ci < C; ci++, k++) {
        const base = k * Mc;
        let b = Math.floor(row0 / oH);
        let or = row0 - b * oH;
        for (let row = row0; row < row1; row++) {
          const dst = base + (row - row0) * oW;
          const xr = or * sH - padTop + wr * dH;
          if (xr < 0 || xr >= H) {
            at.fill(0, dst, dst + oW);
          } else {
            if (lo > 0) at.fill(0, dst, dst + lo);
            if (hi < oW) at.fill(0, dst + hi, dst + oW);
            let src = ((b * H + xr) * W + lo * sW + colOff) * C + ci;
            for (let oc = lo; oc < hi; oc++) {
              at[dst + oc] = x[src];
              src += step;
            }
          }
          if (++or === oH) {
            or = 0;
            b++;
          }
        }
      }
    }
  }
}

/** The adjoint of im2colT: dx[...] += dat[k * Mc + m] for every patch entry that lies inside the image. */
export function col2imT(dat: Float64Array, g: ConvGeometry, row0: number, row1: number, dx: Float64Array): void {
  const { H, W, C, oH, oW, fh, fw, sH, sW, dH, padTop } = g;
  const Mc = (row1 - row0) * oW;
  const step = sW * C;
  let k = 0;
  for (let wr = 0; wr < fh; wr++) {
    for (let wc = 0; wc < fw; wc++) {
      const [lo, hi] = validCols(g, wc);
      const colOff = wc * g.dW - g.padLeft;
      for (let ci = 0; ci < C; ci++, k++) {
        const base = k * Mc;
        let b = Math.floor(row0 / oH);
        let or = row0 - b * oH;
        for (let row = row0; row < row1; row++) {
          const xr = or * sH - padTop + wr * dH;
          if (xr >= 0 && xr < H) {
            const srcRow = base + (row - row0) * oW;
            let dst = ((b * H + xr) * W + lo * sW + colOff) * C + ci;
            for (let oc = lo; oc < hi; oc++) {
              dx[dst] += dat[srcRow + oc];
              dst += step;
            }
          }
          if (++or === oH) {
            or = 0;
            b++;
          }
        }
      }
    }
  }
}

// 64 Ki doubles (512 KiB) of patches per chunk; 16 Ki to 1 Mi measured within noise of each other.
const CHUNK_BUDGET = 1 << 16;

/** How many output rows fit one chunk, so the patch matrix stays cache-sized; at least one row. */
export function rowsPerChunk(g: ConvGeometry, K: number, budget = CHUNK_BUDGET): number {
  return Math.max(1, Math.floor(budget / (Math.max(K, g.N) * g.oW)));
}

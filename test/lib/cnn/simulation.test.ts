import { describe, expect, it } from 'vitest';
import { createRng, type Rng } from '@/lib/grading/rng';
import {
  conv2dMultiplies,
  conv2dOutputShape,
  conv2dParams,
  convOutputLength,
  crossCorrelate2d,
  denseStackParams,
  pool2d,
  pool2dOutputShape,
  separableConv2dMultiplies,
  separableConv2dParams,
  transposedConv2d,
} from '@/lib/cnn';

// Property tests: the closed-form formulas against brute-force simulations that
// share no code with them (windows counted on arrays, weights built and counted,
// multiplications counted in a naive loop).

function randomMatrix(rng: Rng, rows: number, cols: number, lo = -4, hi = 4): number[][] {
  return Array.from({ length: rows }, () => Array.from({ length: cols }, () => rng.int(lo, hi)));
}

/** Slide a dilated window over a zero-padded line and count where it fits. */
function countWindowStarts(length: number, k: number, stride: number, padding: number, dilation: number): number {
  const padded = new Array(length + 2 * padding).fill(0);
  let count = 0;
  for (let start = 0; start < padded.length; start += stride) {
    const taps = Array.from({ length: k }, (_, t) => start + t * dilation);
    if (taps.every((i) => i < padded.length)) count++;
  }
  return count;
}

function countLeaves(x: unknown): number {
  return Array.isArray(x) ? x.reduce((s: number, v) => s + countLeaves(v), 0) : 1;
}

function nested(dims: number[]): unknown {
  return dims.length ? Array.from({ length: dims[0]! }, () => nested(dims.slice(1))) : 0;
}

describe('conv output size = number of window positions on a padded zero array', () => {
  it('holds for 500 random (H, W, k, stride, padding, dilation)', () => {
    const rng = createRng('conv-output-size-property');
    let checked = 0;
    while (checked < 500) {
      const h = rng.int(1, 40);
      const w = rng.int(1, 40);
      const [kh, kw] = [rng.int(1, 7), rng.int(1, 7)];
      const [sh, sw] = [rng.int(1, 4), rng.int(1, 4)];
      const p = rng.int(0, 3);
      const d = rng.int(1, 3);
      const expectedH = countWindowStarts(h, kh, sh, p, d);
      const expectedW = countWindowStarts(w, kw, sw, p, d);
      if (expectedH === 0 || expectedW === 0) {
        expect(() =>
          conv2dOutputShape({ inputShape: [h, w, 3], filters: 2, kernelSize: [kh, kw], strides: [sh, sw], padding: p, dilation: d }),
        ).toThrow(RangeError);
      } else {
        expect(
          conv2dOutputShape({ inputShape: [h, w, 3], filters: 2, kernelSize: [kh, kw], strides: [sh, sw], padding: p, dilation: d }),
        ).toEqual([expectedH, expectedW, 2]);
      }
      checked++;
    }
  });

  it("'same' padding keeps ⌈L/s⌉ positions and 'valid' equals padding 0", () => {
    const rng = createRng('same-valid');
    for (let i = 0; i < 200; i++) {
      const L = rng.int(1, 50);
      const k = rng.int(1, 7);
      const s = rng.int(1, 4);
      expect(convOutputLength({ inputLength: L, kernelSize: k, stride: s, padding: 'same' })).toBe(Math.ceil(L / s));
      if (k <= L) {
        expect(convOutputLength({ inputLength: L, kernelSize: k, stride: s, padding: 'valid' })).toBe(
          countWindowStarts(L, k, s, 0, 1),
        );
      }
    }
  });

  it('ceil mode keeps a partial last window only when it starts inside the input', () => {
    // 5 wide, window 2, stride 2: floor gives 2 windows, ceil adds the one starting at 4
    expect(convOutputLength({ inputLength: 5, kernelSize: 2, stride: 2, ceilMode: true })).toBe(3);
    expect(convOutputLength({ inputLength: 5, kernelSize: 2, stride: 2 })).toBe(2);
    // 4 wide: exact, ceil changes nothing
    expect(convOutputLength({ inputLength: 4, kernelSize: 2, stride: 2, ceilMode: true })).toBe(2);
  });

  it('rejects sizes that are not positive integers', () => {
    expect(() => conv2dOutputShape({ inputShape: [0, 5, 1], filters: 1, kernelSize: 3 })).toThrow(RangeError);
    expect(() => conv2dOutputShape({ inputShape: [5, 5, 1], filters: 1.5, kernelSize: 3 })).toThrow(RangeError);
    expect(() => conv2dOutputShape({ inputShape: [5, 5, 1], filters: 1, kernelSize: 3, strides: 0 })).toThrow(RangeError);
    expect(() => conv2dOutputShape({ inputShape: [5, 5, 1], filters: 1, kernelSize: 3, padding: -1 })).toThrow(RangeError);
  });
});

describe('parameter counts = leaves of the weight arrays a layer would allocate', () => {
  it('Conv2D with and without bias, grouped or not', () => {
    const rng = createRng('conv-params-property');
    for (let i = 0; i < 200; i++) {
      const groups = rng.pick([1, 1, 2, 4]);
      const cin = groups * rng.int(1, 8);
      const k = groups * rng.int(1, 8);
      const [kh, kw] = [rng.int(1, 7), rng.int(1, 7)];
      const useBias = rng.next() < 0.5;
      // PyTorch layout: weight [K, C_in/groups, kh, kw], bias [K]
      const weights = [nested([k, cin / groups, kh, kw]), ...(useBias ? [nested([k])] : [])];
      expect(conv2dParams({ kernelSize: [kh, kw], inputChannels: cin, filters: k, useBias, groups })).toBe(countLeaves(weights));
    }
  });

  it('SeparableConv2D: depthwise [kh, kw, C_in, m] + pointwise [C_in·m, K] + bias [K]', () => {
    const rng = createRng('separable-params-property');
    for (let i = 0; i < 200; i++) {
      const [cin, k, kh, kw, m] = [rng.int(1, 16), rng.int(1, 16), rng.int(1, 7), rng.int(1, 7), rng.int(1, 3)];
      const weights = [nested([kh, kw, cin, m]), nested([cin * m, k]), nested([k])];
      expect(separableConv2dParams({ kernelSize: [kh, kw], inputChannels: cin, filters: k, depthMultiplier: m })).toBe(
        countLeaves(weights),
      );
    }
  });

  it('stacked Dense layers: kernel [in, units] + bias [units] each', () => {
    const rng = createRng('dense-params-property');
    for (let i = 0; i < 100; i++) {
      const inputUnits = rng.int(1, 30);
      const units = Array.from({ length: rng.int(1, 5) }, () => rng.int(1, 30));
      let previous = inputUnits;
      const perLayer = units.map((u) => {
        const n = countLeaves([nested([previous, u]), nested([u])]);
        previous = u;
        return n;
      });
      expect(denseStackParams({ inputUnits, units })).toEqual({ perLayer, total: perLayer.reduce((a, b) => a + b, 0) });
    }
  });
});

describe('multiply counts = multiplications performed by a naive implementation', () => {
  function naiveConvMultiplies(h: number, w: number, cin: number, k: number, kh: number, kw: number, s: number, p: number) {
    let count = 0;
    for (let f = 0; f < k; f++)
      for (let i = 0; i + kh <= h + 2 * p; i += s)
        for (let j = 0; j + kw <= w + 2 * p; j += s)
          for (let c = 0; c < cin; c++) for (let a = 0; a < kh; a++) for (let b = 0; b < kw; b++) count++;
    return count;
  }

  it('Conv2D', () => {
    const rng = createRng('conv-mults-property');
    for (let i = 0; i < 60; i++) {
      const [h, w, cin, k, kh, kw, s, p] = [rng.int(3, 12), rng.int(3, 12), rng.int(1, 4), rng.int(1, 4), rng.int(1, 3), rng.int(1, 3), rng.int(1, 3), rng.int(0, 1)];
      expect(conv2dMultiplies({ inputShape: [h, w, cin], filters: k, kernelSize: [kh, kw], strides: s, padding: p })).toBe(
        naiveConvMultiplies(h, w, cin, k, kh, kw, s, p),
      );
    }
  });

  it('depthwise + pointwise', () => {
    const rng = createRng('separable-mults-property');
    for (let i = 0; i < 60; i++) {
      const [h, w, cin, k, kh] = [rng.int(3, 12), rng.int(3, 12), rng.int(1, 5), rng.int(1, 5), rng.int(1, 3)];
      let depthwise = 0;
      for (let c = 0; c < cin; c++) depthwise += naiveConvMultiplies(h, w, 1, 1, kh, kh, 1, 0);
      const [oh, ow] = [h - kh + 1, w - kh + 1];
      const pointwise = naiveConvMultiplies(oh, ow, cin, k, 1, 1, 1, 0);
      expect(separableConv2dMultiplies({ inputShape: [h, w, cin], filters: k, kernelSize: kh })).toEqual({
        depthwise,
        pointwise,
        total: depthwise + pointwise,
      });
    }
  });
});

describe('values', () => {
  it('cross-correlation of a one-hot image reads the kernel back (no flip)', () => {
    const kernel = [
      [1, 2, 3],
      [4, 5, 6],
      [7, 8, 9],
    ];
    // a single 1 in the bottom-right corner of a 3×3 valid window sees only kernel[2][2]
    const input = [
      [0, 0, 0],
      [0, 0, 0],
      [0, 0, 1],
    ];
    expect(crossCorrelate2d({ input, kernel })).toEqual([[9]]);
  });

  it('transposed conv is the adjoint of strided, padded cross-correlation: <Cx, y> = <x, Cᵀy>', () => {
    const rng = createRng('adjoint-property');
    for (let trial = 0; trial < 100; trial++) {
      const n = rng.int(3, 9);
      const k = rng.int(1, 3);
      const s = rng.int(1, 3);
      const p = rng.int(0, Math.min(1, k - 1));
      const x = randomMatrix(rng, n, n);
      const kernel = randomMatrix(rng, k, k);
      const cx = crossCorrelate2d({ input: x, kernel, strides: s, padding: p });
      const m = cx.length;
      const y = randomMatrix(rng, m, m);
      const outputPadding = n - ((m - 1) * s - 2 * p + k);
      const cty = transposedConv2d({ input: y, kernel, strides: s, padding: p, outputPadding });
      expect(cty.length).toBe(n);
      const dot = (a: number[][], b: number[][]) => a.reduce((acc, row, i) => acc + row.reduce((t, v, j) => t + v * b[i]![j]!, 0), 0);
      expect(dot(cx, y)).toBe(dot(x, cty));
    }
  });

  it('pooling: output size matches the pooled matrix, max ≥ average, average = correlation with 1/k² kernel', () => {
    const rng = createRng('pool-property');
    for (let trial = 0; trial < 100; trial++) {
      const [h, w] = [rng.int(2, 9), rng.int(2, 9)];
      const k = rng.int(1, Math.min(h, w));
      const s = rng.int(1, 3);
      const input = randomMatrix(rng, h, w, 0, 20);
      const max = pool2d({ input, poolSize: k, strides: s, mode: 'max' });
      const avg = pool2d({ input, poolSize: k, strides: s, mode: 'avg' });
      const [oh, ow] = pool2dOutputShape({ inputShape: [h, w, 1], poolSize: k, strides: s });
      expect([max.length, max[0]!.length]).toEqual([oh, ow]);
      const box = Array.from({ length: k }, () => new Array(k).fill(1 / (k * k)));
      const viaConv = crossCorrelate2d({ input, kernel: box, strides: s });
      avg.forEach((row, i) =>
        row.forEach((v, j) => {
          expect(v).toBeCloseTo(viaConv[i]![j]!, 9);
          expect(max[i]![j]!).toBeGreaterThanOrEqual(v);
        }),
      );
    }
  });
});

import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRng, type Rng } from '@/lib/grading/rng';
import {
  FAST_CPU_KERNEL_NAMES, fastCpuKernelFallbacks, fastCpuKernelsRegistered, registerFastCpuKernels, unregisterFastCpuKernels,
} from '@/worker/train/kernels';
import { activeNative, loadNativeKernels } from '@/worker/train/kernels/native';

/** Which conv and matmul kernels `both` registers; the describes for each engine set it. */
const kernelOpts: { native: boolean } = { native: true };
const ENGINES = ['JS', 'native'] as const;

function useEngine(engine: (typeof ENGINES)[number]): void {
  kernelOpts.native = engine === 'native';
  registerFastCpuKernels(kernelOpts);
  if (engine === 'native' && !activeNative()) throw new Error(`the native addon did not load: ${loadNativeKernels().reason}`);
  if (engine === 'JS' && activeNative()) throw new Error('the JS kernels were asked for but the native ones are active');
}

// Every fast kernel is checked against the stock cpu kernel it replaces: the same
// computation runs once with the stock kernels and once with ours. Conv and matmul
// run twice: with the JS kernels and with the native addon's (OpenBLAS), which the
// project builds at npm install (scripts/system-deps.sh installs libopenblas-dev).

type Out = tf.Tensor | tf.Tensor[];

interface Pair { stock: Float32Array[]; fast: Float32Array[]; shapes: [number[][], number[][]] }

function run(f: () => Out): { values: Float32Array[]; shapes: number[][] } {
  return tf.tidy(() => {
    const out = f();
    const list = Array.isArray(out) ? out : [out];
    return { values: list.map((t) => Float32Array.from(t.dataSync())), shapes: list.map((t) => t.shape) };
  });
}

function both(f: () => Out): Pair {
  unregisterFastCpuKernels();
  const s = run(f);
  registerFastCpuKernels(kernelOpts);
  const q = run(f);
  return { stock: s.values, fast: q.values, shapes: [s.shapes, q.shapes] };
}

/** Within 1e-4 relative to the element, with a floor of 1e-5 of the tensor's magnitude for near-zero sums. */
function expectClose(p: Pair, label: string): void {
  expect(p.shapes[1], label).toEqual(p.shapes[0]);
  p.stock.forEach((ref, t) => {
    const got = p.fast[t]!;
    const scale = ref.reduce((m, v) => (Number.isFinite(v) ? Math.max(m, Math.abs(v)) : m), 0);
    let worst = 0;
    let worstAt = -1;
    for (let i = 0; i < ref.length; i++) {
      const a = got[i]!;
      const b = ref[i]!;
      if (Number.isNaN(b) || !Number.isFinite(b)) {
        if (!Object.is(a, b) && !(Number.isNaN(a) && Number.isNaN(b))) throw new Error(`${label}: [${i}] ${a} vs ${b}`);
        continue;
      }
      const err = Math.abs(a - b) / (1e-4 * (Math.abs(b) + 0.1 * scale) + 1e-12);
      if (!(err <= worst)) {
        worst = err;
        worstAt = i;
      }
    }
    expect(worst, `${label}: output ${t}, element ${worstAt}: ${got[worstAt]} vs ${ref[worstAt]}`).toBeLessThanOrEqual(1);
  });
}

const CONV = ['Conv2D', 'FusedConv2D', 'Conv2DBackpropFilter', 'Conv2DBackpropInput'];
const DEPTHWISE = ['DepthwiseConv2dNative', 'FusedDepthwiseConv2D', 'DepthwiseConv2dNativeBackpropFilter', 'DepthwiseConv2dNativeBackpropInput'];
const MATMUL = ['BatchMatMul', '_FusedMatMul'];
const BINARY = ['Add', 'Sub', 'Multiply', 'RealDiv'];

/** Runs f and returns how many calls each watched kernel handed to the stock kernel meanwhile. */
function fallbacksDuring(watch: string[], f: () => void): Record<string, number> {
  const before = fastCpuKernelFallbacks();
  f();
  const after = fastCpuKernelFallbacks();
  return Object.fromEntries(Object.entries(after)
    .map(([k, v]) => [k, v - (before[k] ?? 0)] as const)
    .filter(([k, v]) => v !== 0 && watch.includes(k)));
}

function randn(rng: Rng, shape: number[]): tf.Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(Float32Array.from({ length: n }, () => rng.normal()), shape);
}

/** Small integers, so pooling windows hold ties (as zero-padded MNIST activations do). */
function randInts(rng: Rng, shape: number[], max: number): tf.Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(Float32Array.from({ length: n }, () => rng.int(0, max)), shape);
}

type Pad = 'valid' | 'same' | number | [[number, number], [number, number], [number, number], [number, number]];

interface ConvCase {
  b: number; h: number; w: number; c: number; n: number; fh: number; fw: number;
  stride: [number, number]; dilation: [number, number]; pad: Pad;
}

function convCase(rng: Rng, allowDilation: boolean): ConvCase {
  const kind = rng.pick(['valid', 'same', 'explicit', 'number'] as const);
  // tfjs sizes numeric padding from the filter height and row stride alone: keep those cases square
  const square = kind === 'number';
  const fh = rng.int(1, 4);
  const fw = square ? fh : rng.int(1, 4);
  const dilated = allowDilation && rng.next() < 0.35;
  const dh = dilated ? rng.int(1, 3) : 1;
  const dilation: [number, number] = [dh, square ? dh : dilated ? rng.int(1, 3) : 1];
  const sh = dilated ? 1 : rng.int(1, 3);
  const stride: [number, number] = [sh, square || dilated ? sh : rng.int(1, 3)];
  const eh = (fh - 1) * dilation[0] + 1;
  const ew = (fw - 1) * dilation[1] + 1;
  const pad: Pad = kind === 'explicit'
    ? [[0, 0], [rng.int(0, 2), rng.int(0, 2)], [rng.int(0, 2), rng.int(0, 2)], [0, 0]]
    : kind === 'number' ? rng.int(0, 2) : kind;
  return {
    b: rng.int(1, 3), h: eh + rng.int(0, 6), w: ew + rng.int(0, 6), c: rng.int(1, 5), n: rng.int(1, 7),
    fh, fw, stride, dilation, pad,
  };
}

function describeCase(k: ConvCase): string {
  return JSON.stringify(k);
}

beforeAll(async () => {
  await tf.setBackend('cpu');
  registerFastCpuKernels();
});

afterAll(() => {
  unregisterFastCpuKernels();
});

describe('registration', () => {
  it('replaces the stock kernels, is idempotent, and restores the exact stock functions', () => {
    unregisterFastCpuKernels();
    const originals = FAST_CPU_KERNEL_NAMES.map((name) => tf.getKernel(name, 'cpu')!.kernelFunc);
    registerFastCpuKernels();
    const first = FAST_CPU_KERNEL_NAMES.map((name) => tf.getKernel(name, 'cpu')!.kernelFunc);
    registerFastCpuKernels();
    const second = FAST_CPU_KERNEL_NAMES.map((name) => tf.getKernel(name, 'cpu')!.kernelFunc);
    expect(fastCpuKernelsRegistered()).toBe(true);
    expect(second).toEqual(first);
    first.forEach((fn, i) => expect(fn).not.toBe(originals[i]));
    unregisterFastCpuKernels();
    unregisterFastCpuKernels();
    expect(fastCpuKernelsRegistered()).toBe(false);
    FAST_CPU_KERNEL_NAMES.forEach((name, i) => expect(tf.getKernel(name, 'cpu')!.kernelFunc).toBe(originals[i]));
    registerFastCpuKernels();
  });
});

for (const engine of ENGINES) describe(`conv2d (${engine} kernels)`, () => {
  beforeAll(() => useEngine(engine));
  it('forward matches the stock kernel (strides, dilations, paddings, channels, batch)', () => {
    const rng = createRng('conv2d-forward');
    expect(fallbacksDuring(CONV, () => { for (let i = 0; i < 40; i++) {
      const k = convCase(rng, true);
      const x = randn(rng, [k.b, k.h, k.w, k.c]);
      const w = randn(rng, [k.fh, k.fw, k.c, k.n]);
      expectClose(both(() => tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, k.stride, k.pad, 'NHWC', k.dilation,
        typeof k.pad === 'number' ? 'floor' : undefined)), describeCase(k));
      tf.dispose([x, w]);
    } })).toEqual({});
  });

  it('gradients through tf.conv2d match the stock Conv2DBackpropFilter / Conv2DBackpropInput', () => {
    const rng = createRng('conv2d-grad');
    expect(fallbacksDuring(CONV, () => { for (let i = 0; i < 40; i++) {
      const k = convCase(rng, false);
      const x = randn(rng, [k.b, k.h, k.w, k.c]);
      const w = randn(rng, [k.fh, k.fw, k.c, k.n]);
      const probe = tf.tidy(() => randn(rng, tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, k.stride, k.pad).shape));
      const loss = (a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, k.stride, k.pad), probe));
      expectClose(both(() => tf.grads(loss)([x, w])), describeCase(k));
      tf.dispose([x, w, probe]);
    } })).toEqual({});
  });

  it('the seed model layer (28x28x1, 8 filters 3x3, valid, batch 32) forward and gradients match', () => {
    const rng = createRng('conv2d-seed');
    const x = tf.tidy(() => tf.div(randInts(rng, [32, 28, 28, 1], 255), 255));
    const w = randn(rng, [3, 3, 1, 8]);
    const probe = randn(rng, [32, 26, 26, 8]);
    expectClose(both(() => tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, 1, 'valid')), 'seed forward');
    expectClose(both(() => tf.grads((a: tf.Tensor, b: tf.Tensor) =>
      tf.sum(tf.mul(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 1, 'valid'), probe)))([x, w])), 'seed grads');
    tf.dispose([x, w, probe]);
  });

  it('fused conv2d with bias and each activation matches, and PReLU / NCHW fall back to stock', () => {
    const rng = createRng('conv2d-fused');
    for (const activation of ['linear', 'relu', 'relu6', 'elu', 'leakyrelu', 'sigmoid', 'prelu'] as const) {
      const k = convCase(rng, true);
      const x = randn(rng, [k.b, k.h, k.w, k.c]);
      const w = randn(rng, [k.fh, k.fw, k.c, k.n]);
      const bias = rng.next() < 0.5 ? randn(rng, [k.n]) : randn(rng, [1]);
      const alpha = randn(rng, [k.n]);
      expectClose(both(() => tf.fused.conv2d({
        x: x as tf.Tensor4D, filter: w as tf.Tensor4D, strides: k.stride, pad: k.pad, dilations: k.dilation,
        dimRoundingMode: typeof k.pad === 'number' ? 'floor' : undefined,
        bias, activation, leakyreluAlpha: 0.3, preluActivationWeights: activation === 'prelu' ? alpha : undefined,
      })), `${activation} ${describeCase(k)}`);
      if (activation === 'prelu') expect(fastCpuKernelFallbacks().FusedConv2D).toBeGreaterThan(0);
      tf.dispose([x, w, bias, alpha]);
    }
    const x = randn(rng, [2, 3, 7, 6]);
    const w = randn(rng, [3, 2, 3, 4]);
    expect(fallbacksDuring(CONV, () => expectClose(both(() => tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, 1, 'same', 'NCHW')), 'NCHW')))
      .toEqual({ Conv2D: 1 });
    tf.dispose([x, w]);
  });

  it('conv2dTranspose (Conv2DBackpropInput on its own) matches', () => {
    const rng = createRng('conv2d-transpose');
    for (let i = 0; i < 10; i++) {
      const s = rng.int(1, 3);
      const f = rng.int(1, 4);
      const pad = rng.pick(['valid', 'same'] as const);
      const inH = rng.int(3, 8);
      const outH = pad === 'same' ? inH * s : (inH - 1) * s + f;
      const dy = randn(rng, [2, inH, inH, 3]);
      const w = randn(rng, [f, f, 5, 3]);
      expectClose(both(() => tf.conv2dTranspose(dy as tf.Tensor4D, w as tf.Tensor4D, [2, outH, outH, 5], s, pad)),
        `transpose s=${s} f=${f} ${pad}`);
      tf.dispose([dy, w]);
    }
  });
});

describe('pooling', () => {
  interface PoolCase { b: number; h: number; w: number; c: number; f: [number, number]; s: [number, number]; pad: 'valid' | 'same' | number }
  function poolCase(rng: Rng): PoolCase {
    const f: [number, number] = [rng.int(1, 4), rng.int(1, 4)];
    return {
      b: rng.int(1, 3), h: f[0] + rng.int(0, 6), w: f[1] + rng.int(0, 6), c: rng.int(1, 6), f,
      s: [rng.int(1, 3), rng.int(1, 3)], pad: rng.pick(['valid', 'same', 'valid', 'same', 0, 1] as const),
    };
  }
  const rounding = (pad: PoolCase['pad']) => (typeof pad === 'number' ? 'floor' as const : undefined);

  for (const kind of ['max', 'avg'] as const) {
    it(`${kind}Pool forward and gradient match on random shapes, including ties`, () => {
      const rng = createRng(`${kind}-pool`);
      const pools = kind === 'max' ? ['MaxPool', 'MaxPoolGrad'] : ['AvgPool', 'AvgPoolGrad'];
      const fellBack = fallbacksDuring(pools, () => { for (let i = 0; i < 60; i++) {
        const k = poolCase(rng);
        // tfjs sizes numeric pool padding from the filter height alone, so keep numeric pads to square filters
        if (typeof k.pad === 'number') k.f = [k.f[0], k.f[0]];
        if (typeof k.pad === 'number' && k.pad * 2 >= k.f[0]) k.pad = 0;
        k.w = Math.max(k.w, k.f[1]);
        const shape = [k.b, k.h, k.w, k.c];
        const x = i % 2 === 0 ? randInts(rng, shape, 2) : randn(rng, shape);
        const pool = (a: tf.Tensor) => kind === 'max'
          ? tf.maxPool(a as tf.Tensor4D, k.f, k.s, k.pad, rounding(k.pad))
          : tf.avgPool(a as tf.Tensor4D, k.f, k.s, k.pad, rounding(k.pad));
        const probe = tf.tidy(() => randn(rng, pool(x).shape));
        expectClose(both(() => pool(x)), `${kind} forward ${JSON.stringify(k)}`);
        expectClose(both(() => tf.grad((a: tf.Tensor) => tf.sum(tf.mul(pool(a), probe)))(x)), `${kind} grad ${JSON.stringify(k)}`);
        tf.dispose([x, probe]);
      } });
      // only 1x1 windows that copy the input go to the stock kernel
      expect((fellBack[pools[0]!] ?? 0) + (fellBack[pools[1]!] ?? 0)).toBeLessThan(10);
    });
  }

  it('maxPool gradient goes to the first maximum of a tied window, as stock does', () => {
    const x = tf.zeros([1, 4, 4, 2]);
    const g = both(() => tf.grad((a: tf.Tensor) => tf.sum(tf.maxPool(a as tf.Tensor4D, 2, 2, 'valid')))(x));
    expectClose(g, 'all-zero ties');
    expect(Array.from(g.fast[0]!).filter((v) => v !== 0)).toHaveLength(8);
    expect(g.fast[0]![0]).toBe(1);
    x.dispose();
  });
});

describe('cached intermediates', () => {
  it('MaxPoolGrad uses the input it is given, not the maxima remembered from another tensor', () => {
    const rng = createRng('pool-cache');
    const x1 = randn(rng, [2, 6, 6, 3]);
    const x2 = randn(rng, [2, 6, 6, 3]);
    const dy = randn(rng, [2, 3, 3, 3]);
    const grad = (input: tf.Tensor) => tf.engine().runKernel('MaxPoolGrad', { dy, input, output: dy }, { filterSize: 2, strides: 2, pad: 'valid' }) as tf.Tensor;
    expectClose(both(() => {
      tf.maxPool(x1 as tf.Tensor4D, 2, 2, 'valid'); // remembers x1's maxima
      return [grad(x2), grad(x1)];
    }), 'after pooling x1');
    tf.dispose([x1, x2, dy]);
  });

  it('conv backprops use the dy they are given, not the transpose remembered from another dy', () => {
    const rng = createRng('conv-cache');
    const x = randn(rng, [2, 7, 7, 3]);
    const w = randn(rng, [3, 3, 3, 4]);
    const dy1 = randn(rng, [2, 5, 5, 4]);
    const dy2 = randn(rng, [2, 5, 5, 4]);
    const filterGrad = (dy: tf.Tensor) => tf.engine().runKernel('Conv2DBackpropFilter', { x, dy },
      { strides: 1, pad: 'valid', dataFormat: 'NHWC', filterShape: [3, 3, 3, 4] }) as tf.Tensor;
    const inputGrad = (dy: tf.Tensor) => tf.engine().runKernel('Conv2DBackpropInput', { dy, filter: w },
      { strides: 1, pad: 'valid', dataFormat: 'NHWC', inputShape: [2, 7, 7, 3] }) as tf.Tensor;
    expectClose(both(() => [filterGrad(dy1), inputGrad(dy2), filterGrad(dy2), inputGrad(dy1), filterGrad(dy1)]), 'alternating dy');
    tf.dispose([x, w, dy1, dy2]);
  });
});

describe('depthwise conv2d', () => {
  it('forward (with dilations), fused, and gradients match', () => {
    const rng = createRng('depthwise');
    expect(fallbacksDuring(DEPTHWISE, () => { for (let i = 0; i < 30; i++) {
      const k = convCase(rng, i % 2 === 0);
      if (Array.isArray(k.pad)) k.pad = 'same';
      const mult = rng.int(1, 3);
      const x = randn(rng, [k.b, k.h, k.w, k.c]);
      const w = randn(rng, [k.fh, k.fw, k.c, mult]);
      const round = typeof k.pad === 'number' ? 'floor' as const : undefined;
      const conv = (a: tf.Tensor, b: tf.Tensor) =>
        tf.depthwiseConv2d(a as tf.Tensor4D, b as tf.Tensor4D, k.stride, k.pad as 'same', 'NHWC', k.dilation, round);
      expectClose(both(() => conv(x, w)), `forward ${describeCase(k)} x${mult}`);
      const bias = randn(rng, [k.c * mult]);
      expectClose(both(() => tf.fused.depthwiseConv2d({
        x: x as tf.Tensor4D, filter: w as tf.Tensor4D, strides: k.stride, pad: k.pad as 'same', dilations: k.dilation,
        dimRoundingMode: round, bias, activation: 'relu',
      })), `fused ${describeCase(k)}`);
      if (k.dilation[0] === 1 && k.dilation[1] === 1) {
        const probe = tf.tidy(() => randn(rng, conv(x, w).shape));
        expectClose(both(() => tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(conv(a, b), probe)))([x, w])),
          `grads ${describeCase(k)} x${mult}`);
        probe.dispose();
      }
      tf.dispose([x, w, bias]);
    } })).toEqual({});
  });
});

for (const engine of ENGINES) describe(`matMul (${engine} kernels)`, () => {
  beforeAll(() => useEngine(engine));
  it('plain, transposed, batched and broadcast products match, with gradients', () => {
    const rng = createRng('matmul');
    expect(fallbacksDuring(MATMUL, () => { for (let i = 0; i < 30; i++) {
      const [m, k, n] = [rng.int(1, 40), rng.int(1, 40), rng.int(1, 40)];
      const ta = rng.next() < 0.5;
      const tb = rng.next() < 0.5;
      const batch = rng.pick([[], [3], [2, 2]] as number[][]);
      const broadcastB = batch.length > 0 && rng.next() < 0.3;
      const a = randn(rng, [...batch, ...(ta ? [k, m] : [m, k])]);
      const b = randn(rng, [...(broadcastB ? [1] : batch), ...(tb ? [n, k] : [k, n])]);
      const label = JSON.stringify({ m, k, n, ta, tb, batch, broadcastB });
      expectClose(both(() => tf.matMul(a, b, ta, tb)), label);
      if (batch.length === 0) {
        const probe = randn(rng, [m, n]);
        expectClose(both(() => tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.mul(tf.matMul(x, y, ta, tb), probe)))([a, b])), `grad ${label}`);
        probe.dispose();
      }
      tf.dispose([a, b]);
    } })).toEqual({});
  });

  it('fused matMul with bias and activations matches (a dense layer forward pass)', () => {
    const rng = createRng('fused-matmul');
    for (const activation of ['linear', 'relu', 'relu6', 'elu', 'leakyrelu', 'sigmoid'] as const) {
      const a = randn(rng, [32, 50]);
      const b = randn(rng, [50, 10]);
      const bias = randn(rng, [10]);
      expectClose(both(() => tf.fused.matMul({ a: a as tf.Tensor2D, b: b as tf.Tensor2D, bias, activation, leakyreluAlpha: 0.2 })), activation);
      tf.dispose([a, b, bias]);
    }
  });
});

describe('element-wise ops and bias gradients', () => {
  beforeAll(() => useEngine('native'));
  const ops = { add: tf.add, sub: tf.sub, mul: tf.mul, div: tf.div } as const;

  it('same-shape, scalar and trailing-axes broadcasts match in both operand orders', () => {
    const rng = createRng('elementwise');
    const pairs: [number[], number[]][] = [
      [[4, 5, 6], [4, 5, 6]], [[4, 5, 6], []], [[4, 5, 6], [1]], [[4, 5, 6], [6]], [[4, 5, 6], [5, 6]],
      [[4, 5, 6], [1, 1, 6]], [[32, 13, 13, 8], [8]], [[7], [7]], [[1, 6], [6]],
      [[4, 5, 6], [4, 1, 6]], [[4, 5, 6], [4, 1, 1]], [[32, 10], [32, 1]], [[2, 3, 4, 5], [2, 1, 1, 5]], [[3, 4], [1, 1]],
    ];
    expect(fallbacksDuring(BINARY, () => {
      for (const [sa, sb] of pairs) {
        for (const [name, op] of Object.entries(ops)) {
          const a = randn(rng, sa);
          const b = randn(rng, sb);
          expectClose(both(() => [op(a, b), op(b, a)]), `${name} ${JSON.stringify(sa)} ${JSON.stringify(sb)}`);
          tf.dispose([a, b]);
        }
      }
    })).toEqual({});
  });

  it('other broadcasts and int32 tensors go to the stock kernels and still match', () => {
    const rng = createRng('elementwise-fallback');
    const a = randn(rng, [4, 1, 6]);
    const b = randn(rng, [5, 1]);
    const i = tf.tensor1d([1, 2, 3], 'int32');
    const fell = fallbacksDuring(BINARY, () => {
      expectClose(both(() => [tf.add(a, b), tf.mul(a, b), tf.sub(b, a), tf.div(a, b)]), 'outer broadcast');
      expectClose(both(() => tf.add(i, i).toFloat()), 'int32');
    });
    expect(fell).toEqual({ Add: 2, Multiply: 1, Sub: 1, RealDiv: 1 });
    tf.dispose([a, b, i]);
  });

  it('Sum and Mean over a contiguous run of axes match, with and without keepDims; other axes fall back', () => {
    const rng = createRng('sum');
    const x = randn(rng, [6, 5, 4, 3]);
    expect(fallbacksDuring(['Sum', 'Mean'], () => {
      for (const axis of [0, [0, 1], [1, 0, 2], -4, 1, [1, 2], 3, [2, 3], [0, 1, 2, 3], undefined]) {
        for (const keepDims of [false, true]) {
          expectClose(both(() => [tf.sum(x, axis, keepDims), tf.mean(x, axis, keepDims)]), `axis ${JSON.stringify(axis)} keepDims ${keepDims}`);
        }
      }
    })).toEqual({});
    expect(fallbacksDuring(['Sum', 'Mean'], () => expectClose(both(() => [tf.sum(x, [0, 2]), tf.mean(x, [1, 3])]), 'gapped axes')))
      .toEqual({ Sum: 1, Mean: 1 });
    x.dispose();
  });

  it('whole-tensor Tile (batch-norm gradients) matches; other tilings fall back', () => {
    const rng = createRng('mean-tile');
    const x = randn(rng, [6, 5, 4, 3]);
    const c = randn(rng, [1, 1, 1, 3]);
    const r = randn(rng, [2, 3]);
    expect(fallbacksDuring(['Mean', 'Tile'], () => {
      expectClose(both(() => [tf.mean(x, [0, 1, 2]), tf.mean(x, [0, 1, 2], true), tf.mean(x, 0)]), 'mean');
      expectClose(both(() => [tf.tile(c, [6, 5, 4, 1]), tf.tile(r, [3, 1]), tf.tile(c, [2, 1, 1, 2])]), 'tile');
    })).toEqual({});
    expect(fallbacksDuring(['Tile'], () => expectClose(both(() => tf.tile(r, [1, 2])), 'fallback'))).toEqual({ Tile: 1 });
    tf.dispose([x, c, r]);
  });

  it('Relu and Step match, NaN included', () => {
    const x = tf.tensor1d([-2, -0.5, 0, 0.5, 3, NaN, -Infinity, Infinity]);
    expectClose(both(() => [tf.relu(x), tf.step(x), tf.step(x, 0.25)]), 'relu/step');
    x.dispose();
  });
});

describe('gather', () => {
  it('axis-0 gathers of float, int and bool tensors match; other axes fall back to stock', () => {
    const rng = createRng('gather');
    const x = randn(rng, [50, 3, 4]);
    const xi = tf.tensor2d(Int32Array.from({ length: 60 }, (_, i) => i * 7), [20, 3], 'int32');
    const xb = tf.tensor1d(Array.from({ length: 9 }, (_, i) => i % 3 === 0), 'bool');
    const idx = tf.tensor1d(Array.from({ length: 32 }, () => rng.int(0, 8)), 'int32');
    const idx2 = tf.tensor2d(Array.from({ length: 6 }, () => rng.int(0, 2)), [2, 3], 'int32');
    expect(fallbacksDuring(['GatherV2'], () => expectClose(both(() => tf.gather(x, idx)), 'float axis 0'))).toEqual({});
    expect(fallbacksDuring(['GatherV2'], () => expectClose(both(() => tf.gather(x, idx2, 1)), 'float axis 1'))).toEqual({ GatherV2: 1 });
    expectClose(both(() => tf.gather(xi, idx).toFloat()), 'int axis 0');
    expectClose(both(() => tf.gather(xb, idx).toFloat()), 'bool axis 0');
    expect(() => tf.gather(x, tf.tensor1d([60], 'int32'))).toThrow(/not in \[0, 49\]/);
    tf.dispose([x, xi, xb, idx, idx2]);
  });
});

describe('training with the fast kernels', () => {
  function seedModel(): tf.Sequential {
    const model = tf.sequential({
      layers: [
        tf.layers.conv2d({ filters: 8, kernelSize: 3, inputShape: [28, 28, 1], useBias: false, kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) }),
        tf.layers.maxPooling2d({ poolSize: 2 }),
        tf.layers.flatten(),
        tf.layers.dense({ units: 10, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }),
      ],
    });
    model.compile({ optimizer: tf.train.sgd(0.1), loss: 'categoricalCrossentropy' });
    return model;
  }

  async function trainedWeights(fast: boolean, x: tf.Tensor, y: tf.Tensor): Promise<Float32Array[]> {
    if (fast) registerFastCpuKernels(); else unregisterFastCpuKernels();
    const model = seedModel();
    await model.fit(x, y, { batchSize: 16, epochs: 1, shuffle: false, verbose: 0 });
    const weights = model.getWeights().map((t) => Float32Array.from(t.dataSync()));
    model.dispose();
    return weights;
  }

  it('repeated fits of one model keep tf.memory().numTensors constant', async () => {
    registerFastCpuKernels();
    const rng = createRng('train-memory');
    const x = randn(rng, [40, 28, 28, 1]);
    const y = tf.oneHot(tf.tensor1d(Array.from({ length: 40 }, () => rng.int(0, 9)), 'int32'), 10);
    const model = seedModel();
    await model.fit(x, y, { batchSize: 16, epochs: 1, verbose: 0 });
    const before = tf.memory().numTensors;
    await model.fit(x, y, { batchSize: 16, epochs: 2, verbose: 0 });
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
    tf.dispose([x, y]);
  });

  it('the seed model trains to the same weights as with the stock kernels', async () => {
    const rng = createRng('train');
    const x = tf.tidy(() => tf.div(randInts(rng, [48, 28, 28, 1], 255), 255));
    const y = tf.oneHot(tf.tensor1d(Array.from({ length: 48 }, () => rng.int(0, 9)), 'int32'), 10);
    const stock = await trainedWeights(false, x, y);
    const watched = [...CONV, ...MATMUL, 'MaxPool', 'MaxPoolGrad', 'GatherV2'];
    const before = fastCpuKernelFallbacks();
    const fast = await trainedWeights(true, x, y);
    const after = fastCpuKernelFallbacks();
    expect(watched.filter((k) => (after[k] ?? 0) !== (before[k] ?? 0))).toEqual([]);
    expectClose({ stock, fast, shapes: [stock.map((w) => [w.length]), fast.map((w) => [w.length])] }, 'weights after 3 steps');
    tf.dispose([x, y]);
  });
});

import * as tf from '@tensorflow/tfjs';
import type { TensorInfo } from '@tensorflow/tfjs';
import { backendOf, floatValues, scratch, type FastKernel, type KernelArgs } from './cpu-backend';

// Layers add biases with a broadcasting Add, and their gradients reduce those
// biases back with Sum over the leading axes. The stock kernels handle
// broadcasting by converting every flat index to coordinates and back, and
// reduce non-innermost axes by transposing first. These fast paths cover float32
// tensors where one operand is the other with a contiguous run of axes
// collapsed, and reductions over one contiguous run of axes; anything else goes
// to the stock kernel.

/**
 * A binary op's broadcast when it is a plain pattern: one operand (big) has the output's size and
 * the other (small) equals the output shape with one contiguous run of axes collapsed to 1. Then
 * the output is [outer, red, inner] and small is [outer, inner]. Covers same shapes, scalars, bias
 * rows and per-example scales. Null for anything else (both operands broadcast).
 */
interface Pattern { out: number[]; outer: number; red: number; inner: number; bSmall: boolean }

function broadcastPattern(aShape: number[], bShape: number[]): Pattern | null {
  const out = tf.broadcast_util.assertAndGetBroadcastShape(aShape, bShape);
  const size = tf.util.sizeFromShape(out);
  if (size === 0) return null;
  const fit = (small: number[]): Omit<Pattern, 'out' | 'bSmall'> | null => {
    const padded = [...Array(out.length - small.length).fill(1), ...small] as number[];
    let lo = -1;
    let hi = -1;
    for (let i = 0; i < out.length; i++) {
      if (padded[i] !== out[i]) {
        if (lo < 0) lo = i;
        hi = i;
      }
    }
    if (lo < 0) return { outer: size, red: 1, inner: 1 };
    for (let i = lo; i <= hi; i++) if (padded[i] !== 1) return null;
    const prod = (from: number, to: number) => out.slice(from, to).reduce((p, q) => p * q, 1);
    return { outer: prod(0, lo), red: prod(lo, hi + 1), inner: prod(hi + 1, out.length) };
  };
  if (tf.util.sizeFromShape(aShape) === size) {
    const f = fit(bShape);
    if (f != null) return { out, bSmall: true, ...f };
  }
  if (tf.util.sizeFromShape(bShape) === size) {
    const f = fit(aShape);
    if (f != null) return { out, bSmall: false, ...f };
  }
  return null;
}

type BinaryOp = 'add' | 'sub' | 'mul' | 'div';

// out[o][r][i] = big[o][r][i] ∘ small[o][i] (or small ∘ big). One loop per operator, written out:
// a shared loop calling an operator closure would not be inlined by V8.
function combine(kind: BinaryOp, big: Float32Array, small: Float32Array, out: Float32Array, p: Pattern, smallFirst: boolean): void {
  const { outer, red, inner } = p;
  let i = 0;
  for (let o = 0; o < outer; o++) {
    const s0 = o * inner;
    for (let r = 0; r < red; r++) {
      if (inner === 1) {
        const v = small[s0]!;
        const x = big[i]!;
        out[i++] = kind === 'add' ? x + v : kind === 'mul' ? x * v : kind === 'sub' ? (smallFirst ? v - x : x - v) : (smallFirst ? v / x : x / v);
        continue;
      }
      if (kind === 'add') for (let c = 0; c < inner; c++, i++) out[i] = big[i]! + small[s0 + c]!;
      else if (kind === 'mul') for (let c = 0; c < inner; c++, i++) out[i] = big[i]! * small[s0 + c]!;
      else if (kind === 'sub') {
        if (smallFirst) for (let c = 0; c < inner; c++, i++) out[i] = small[s0 + c]! - big[i]!;
        else for (let c = 0; c < inner; c++, i++) out[i] = big[i]! - small[s0 + c]!;
      } else if (smallFirst) for (let c = 0; c < inner; c++, i++) out[i] = small[s0 + c]! / big[i]!;
      else for (let c = 0; c < inner; c++, i++) out[i] = big[i]! / small[s0 + c]!;
    }
  }
}

function sameShape(kind: BinaryOp, a: Float32Array, b: Float32Array, out: Float32Array): void {
  const n = out.length;
  if (kind === 'add') for (let i = 0; i < n; i++) out[i] = a[i]! + b[i]!;
  else if (kind === 'mul') for (let i = 0; i < n; i++) out[i] = a[i]! * b[i]!;
  else if (kind === 'sub') for (let i = 0; i < n; i++) out[i] = a[i]! - b[i]!;
  else for (let i = 0; i < n; i++) out[i] = a[i]! / b[i]!;
}

function binary(kind: BinaryOp): FastKernel {
  return (args: KernelArgs) => {
    const { a, b } = args.inputs as { a: TensorInfo; b: TensorInfo };
    const av = floatValues(args, a);
    const bv = floatValues(args, b);
    if (av == null || bv == null) return null;
    const p = broadcastPattern(a.shape, b.shape);
    if (p == null) return null;
    const out = new Float32Array(p.outer * p.red * p.inner);
    if (av.length === bv.length) sameShape(kind, av, bv, out);
    else if (p.bSmall) combine(kind, av, bv, out, p, false);
    else combine(kind, bv, av, out, p, true);
    return backendOf(args).makeTensorInfo(p.out, 'float32', out);
  };
}

export const add: FastKernel = binary('add');
export const sub: FastKernel = binary('sub');
export const multiply: FastKernel = binary('mul');
export const realDiv: FastKernel = binary('div');

/** Relu and its gradient's Step, float32 only; NaN passes through as in the stock kernels. */
export const relu: FastKernel = (args) => {
  const { x } = args.inputs as { x: TensorInfo };
  const xv = floatValues(args, x);
  if (xv == null) return null;
  const out = new Float32Array(xv.length);
  for (let i = 0; i < xv.length; i++) out[i] = Math.max(0, xv[i]!);
  return backendOf(args).makeTensorInfo(x.shape, 'float32', out);
};

export const step: FastKernel = (args) => {
  const { x } = args.inputs as { x: TensorInfo };
  const { alpha } = args.attrs as { alpha: number };
  const xv = floatValues(args, x);
  if (xv == null) return null;
  const out = new Float32Array(xv.length);
  for (let i = 0; i < xv.length; i++) {
    const v = xv[i]!;
    out[i] = v > 0 ? 1 : v !== v ? NaN : alpha;
  }
  return backendOf(args).makeTensorInfo(x.shape, 'float32', out);
};

/** The reduction as [outer, red, inner] when the axes are one contiguous run, else null. */
function reduction(args: KernelArgs): { xv: Float32Array; outer: number; red: number; inner: number; shape: number[] } | null {
  const { x } = args.inputs as { x: TensorInfo };
  const { axis, keepDims } = args.attrs as { axis: number | number[] | null; keepDims: boolean };
  const xv = floatValues(args, x);
  if (xv == null || xv.length === 0) return null;
  const axes = [...tf.util.parseAxisParam(axis ?? x.shape.map((_, i) => i), x.shape)].sort((p, q) => p - q);
  if (axes.length === 0 || axes.some((ax, i) => ax !== axes[0]! + i)) return null;
  const lo = axes[0]!;
  const hi = axes[axes.length - 1]!;
  const prod = (dims: number[]) => dims.reduce((p, q) => p * q, 1);
  const shape = keepDims ? x.shape.map((d, i) => (i >= lo && i <= hi ? 1 : d)) : x.shape.filter((_, i) => i < lo || i > hi);
  return { xv, outer: prod(x.shape.slice(0, lo)), red: prod(x.shape.slice(lo, hi + 1)), inner: prod(x.shape.slice(hi + 1)), shape };
}

/** acc[o][i] = Σ_r term(x[o][r][i]); scale ≠ 1 divides each term in float32 first, as the stock Mean does. */
function reduce(r: NonNullable<ReturnType<typeof reduction>>, scale: number): Float32Array {
  const { xv, outer, red, inner } = r;
  const out = new Float32Array(outer * inner);
  const acc = scratch(0, inner);
  let i = 0;
  for (let o = 0; o < outer; o++) {
    if (inner === 1) {
      let s = 0;
      if (scale === 1) for (let k = 0; k < red; k++) s += xv[i++]!;
      else for (let k = 0; k < red; k++) s += Math.fround(xv[i++]! / scale);
      out[o] = s;
      continue;
    }
    acc.fill(0, 0, inner);
    for (let k = 0; k < red; k++) {
      if (scale === 1) for (let c = 0; c < inner; c++, i++) acc[c] += xv[i]!;
      else for (let c = 0; c < inner; c++, i++) acc[c] += Math.fround(xv[i]! / scale);
    }
    for (let c = 0; c < inner; c++) out[o * inner + c] = acc[c]!;
  }
  return out;
}

/** Sum over one contiguous run of axes (bias gradients, global pooling) of a float32 tensor. */
export const sum: FastKernel = (args) => {
  const r = reduction(args);
  if (r == null) return null;
  return backendOf(args).makeTensorInfo(r.shape, 'float32', reduce(r, 1));
};

/** Mean over one contiguous run of axes (batch-norm statistics, global average pooling). */
export const mean: FastKernel = (args) => {
  const r = reduction(args);
  if (r == null) return null;
  return backendOf(args).makeTensorInfo(r.shape, 'float32', reduce(r, Math.fround(r.red)));
};

/** Tile that only repeats the whole tensor (every tiled axis has only size-1 axes before it), as batch-norm gradients do. */
export const tile: FastKernel = (args) => {
  const { x } = args.inputs as { x: TensorInfo };
  const { reps } = args.attrs as { reps: number[] };
  const xv = floatValues(args, x);
  if (xv == null || reps.length !== x.shape.length || xv.length === 0) return null;
  for (let i = 0; i < reps.length; i++) {
    if (reps[i]! > 1 && x.shape.slice(0, i).some((d) => d !== 1)) return null;
  }
  const times = reps.reduce((p, q) => p * q, 1);
  const out = new Float32Array(xv.length * times);
  for (let t = 0; t < times; t++) out.set(xv, t * xv.length);
  return backendOf(args).makeTensorInfo(x.shape.map((d, i) => d * reps[i]!), 'float32', out);
};

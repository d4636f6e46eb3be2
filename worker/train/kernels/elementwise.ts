import * as tf from '@tensorflow/tfjs';
import type { TensorInfo } from '@tensorflow/tfjs';
import { backendOf, floatValues, scratch, type FastKernel, type KernelArgs } from './cpu-backend';

// Layers add biases with a broadcasting Add, and their gradients reduce those
// biases back with Sum over the leading axes. The stock kernels handle
// broadcasting by converting every flat index to coordinates and back, and
// reduce leading axes by transposing first. These fast paths cover same-shape,
// scalar and trailing-axes broadcasts of float32 tensors; anything else goes to
// the stock kernel.

/**
 * A binary op's broadcast when it is a plain pattern: the larger operand is rows × cols and the
 * smaller one (b when bSmall) is a block of cols values repeated for every row; null otherwise.
 */
function broadcastPattern(aShape: number[], bShape: number[]): { out: number[]; rows: number; cols: number; bSmall: boolean } | null {
  const out = tf.broadcast_util.assertAndGetBroadcastShape(aShape, bShape);
  const size = tf.util.sizeFromShape(out);
  const aSize = tf.util.sizeFromShape(aShape);
  const bSize = tf.util.sizeFromShape(bShape);
  const trailing = (small: number[]): boolean => {
    // small, left-padded with ones, must be [1, ..., 1, out[k], ..., out[r-1]]
    const padded = [...Array(out.length - small.length).fill(1), ...small] as number[];
    let k = 0;
    while (k < padded.length && padded[k] === 1) k++;
    for (let i = k; i < out.length; i++) if (padded[i] !== out[i]) return false;
    return true;
  };
  if (aSize === size && (bSize === size || bSize === 1 || trailing(bShape))) return { out, rows: size / Math.max(bSize, 1), cols: bSize, bSmall: true };
  if (bSize === size && (aSize === 1 || trailing(aShape))) return { out, rows: size / Math.max(aSize, 1), cols: aSize, bSmall: false };
  return null;
}

type BinaryOp = 'add' | 'sub' | 'mul' | 'div';

// One loop per operator, written out: a shared loop calling an operator
// closure would see several closures at one call site and V8 would not inline it.
function combine(kind: BinaryOp, big: Float32Array, small: Float32Array, out: Float32Array, rows: number, cols: number, smallFirst: boolean): void {
  if (kind === 'add') {
    for (let r = 0, i = 0; r < rows; r++) for (let c = 0; c < cols; c++, i++) out[i] = big[i]! + small[c]!;
  } else if (kind === 'mul') {
    for (let r = 0, i = 0; r < rows; r++) for (let c = 0; c < cols; c++, i++) out[i] = big[i]! * small[c]!;
  } else if (kind === 'sub') {
    if (smallFirst) for (let r = 0, i = 0; r < rows; r++) for (let c = 0; c < cols; c++, i++) out[i] = small[c]! - big[i]!;
    else for (let r = 0, i = 0; r < rows; r++) for (let c = 0; c < cols; c++, i++) out[i] = big[i]! - small[c]!;
  } else if (smallFirst) {
    for (let r = 0, i = 0; r < rows; r++) for (let c = 0; c < cols; c++, i++) out[i] = small[c]! / big[i]!;
  } else {
    for (let r = 0, i = 0; r < rows; r++) for (let c = 0; c < cols; c++, i++) out[i] = big[i]! / small[c]!;
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
    if (p == null || p.cols === 0) return null;
    const out = new Float32Array(p.rows * p.cols);
    if (p.rows === 1 || av.length === bv.length) sameShape(kind, av, bv, out);
    else if (p.bSmall) combine(kind, av, bv, out, p.rows, p.cols, false);
    else combine(kind, bv, av, out, p.rows, p.cols, true);
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

/** Sum over leading axes (bias gradients) of a float32 tensor; other reductions go to the stock kernel. */
export const sum: FastKernel = (args) => {
  const { x } = args.inputs as { x: TensorInfo };
  const { axis, keepDims } = args.attrs as { axis: number | number[]; keepDims: boolean };
  const xv = floatValues(args, x);
  if (xv == null || x.shape.length === 0) return null;
  const axes = [...tf.util.parseAxisParam(axis, x.shape)].sort((p, q) => p - q);
  if (axes.length === 0 || axes.some((ax, i) => ax !== i) || axes.length === x.shape.length) return null;
  const cols = tf.util.sizeFromShape(x.shape.slice(axes.length));
  if (cols === 0) return null;
  const rows = xv.length / cols;
  const acc = scratch(0, cols);
  acc.fill(0, 0, cols);
  for (let r = 0, i = 0; r < rows; r++) for (let c = 0; c < cols; c++, i++) acc[c] += xv[i]!;
  const out = new Float32Array(cols);
  for (let c = 0; c < cols; c++) out[c] = acc[c]!;
  const shape = keepDims ? x.shape.map((d, i) => (i < axes.length ? 1 : d)) : x.shape.slice(axes.length);
  return backendOf(args).makeTensorInfo(shape, 'float32', out);
};

/** Mean over leading axes (batch-norm statistics): the stock kernel's sum of x / n, without its transpose. */
export const mean: FastKernel = (args) => {
  const { x } = args.inputs as { x: TensorInfo };
  const { axis, keepDims } = args.attrs as { axis: number | number[]; keepDims: boolean };
  const xv = floatValues(args, x);
  if (xv == null || x.shape.length === 0) return null;
  const axes = [...tf.util.parseAxisParam(axis, x.shape)].sort((p, q) => p - q);
  if (axes.length === 0 || axes.some((ax, i) => ax !== i) || axes.length === x.shape.length) return null;
  const cols = tf.util.sizeFromShape(x.shape.slice(axes.length));
  if (cols === 0 || xv.length === 0) return null;
  const rows = xv.length / cols;
  const n = Math.fround(rows);
  const acc = scratch(0, cols);
  acc.fill(0, 0, cols);
  // each quotient rounded to float32 first, as the stock kernel divides in a float32 tensor
  for (let r = 0, i = 0; r < rows; r++) for (let c = 0; c < cols; c++, i++) acc[c] += Math.fround(xv[i]! / n);
  const out = new Float32Array(cols);
  for (let c = 0; c < cols; c++) out[c] = acc[c]!;
  const shape = keepDims ? x.shape.map((d, i) => (i < axes.length ? 1 : d)) : x.shape.slice(axes.length);
  return backendOf(args).makeTensorInfo(shape, 'float32', out);
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

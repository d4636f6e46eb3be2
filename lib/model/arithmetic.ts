// CNN arithmetic for shapes and parameter counts. lib/cnn/ (the numeric
// exercises' primitives) did not exist when this was written; these follow the
// same formulas as the course notes and Keras, and should delegate to lib/cnn
// once it lands so the summary and the exercises can never disagree.

import type { Padding } from './graph';

/** Spatial output length of a convolution: Keras's conv_output_length. */
export function convOutputLength(opts: {
  input: number;
  kernel: number;
  stride: number;
  padding: Padding;
  dilation?: number;
}): number {
  const { input, kernel, stride, padding } = opts;
  const dilated = (kernel - 1) * (opts.dilation ?? 1) + 1;
  if (padding === 'same') return Math.ceil(input / stride);
  return Math.floor((input - dilated) / stride) + 1;
}

/** Pooling uses the same rule as a convolution without dilation. */
export function poolOutputLength(opts: { input: number; pool: number; stride: number; padding: Padding }): number {
  return convOutputLength({ input: opts.input, kernel: opts.pool, stride: opts.stride, padding: opts.padding });
}

/** (F·F·D₁)·K weights and K biases. */
export function conv2dParams(opts: { kernel: [number, number]; inChannels: number; filters: number; useBias: boolean }): number {
  const [kh, kw] = opts.kernel;
  return kh * kw * opts.inChannels * opts.filters + (opts.useBias ? opts.filters : 0);
}

export function depthwiseConv2dParams(opts: {
  kernel: [number, number];
  inChannels: number;
  depthMultiplier: number;
  useBias: boolean;
}): number {
  const [kh, kw] = opts.kernel;
  const out = opts.inChannels * opts.depthMultiplier;
  return kh * kw * out + (opts.useBias ? out : 0);
}

/** depthwise F·F·D₁·m, then pointwise 1·1·(D₁·m)·K, plus K biases. */
export function separableConv2dParams(opts: {
  kernel: [number, number];
  inChannels: number;
  depthMultiplier: number;
  filters: number;
  useBias: boolean;
}): number {
  const [kh, kw] = opts.kernel;
  const mid = opts.inChannels * opts.depthMultiplier;
  return kh * kw * mid + mid * opts.filters + (opts.useBias ? opts.filters : 0);
}

export function denseParams(opts: { inputs: number; units: number; useBias: boolean }): number {
  return opts.inputs * opts.units + (opts.useBias ? opts.units : 0);
}

/** γ and β are trained; the moving mean and variance are not (Keras counts them as non-trainable). */
export function batchNormParams(opts: { channels: number; center: boolean; scale: boolean }): {
  trainable: number;
  nonTrainable: number;
} {
  const c = opts.channels;
  return { trainable: (opts.center ? c : 0) + (opts.scale ? c : 0), nonTrainable: 2 * c };
}

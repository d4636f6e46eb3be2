import { convOutputLength, type Padding1d } from './output-length';
import { assertPositiveInt, toPair, type IntPair } from './pair';

// Conv2D arithmetic, channels-last ([height, width, channels]) like Keras.
// Multiply counts exclude bias additions, as the course notes count them.

export type Shape3 = readonly [number, number, number];
export type Padding2d = 'valid' | 'same' | number | readonly [number, number];

export interface Conv2dShapeOptions {
  inputShape: Shape3;
  filters: number;
  kernelSize: IntPair;
  strides?: IntPair;
  padding?: Padding2d;
  dilation?: IntPair;
}

export interface ConvChannelsOptions {
  kernelSize: IntPair;
  filters: number;
  /** give either inputChannels or inputShape (its last entry is used) */
  inputChannels?: number;
  inputShape?: Shape3;
  useBias?: boolean;
  /** grouped convolution (PyTorch `groups`); 1 = ordinary */
  groups?: number;
}

export function paddingPair(padding: Padding2d): [Padding1d, Padding1d] {
  if (typeof padding === 'string' || typeof padding === 'number') return [padding, padding];
  return [padding[0], padding[1]];
}

/** Output [height, width] of a window sliding over [height, width]. */
export function spatialOutputSize(options: {
  inputSize: readonly [number, number];
  kernelSize: IntPair;
  strides?: IntPair;
  padding?: Padding2d;
  dilation?: IntPair;
  ceilMode?: boolean;
}): [number, number] {
  const [kh, kw] = toPair(options.kernelSize, 'kernelSize');
  const [sh, sw] = toPair(options.strides ?? 1, 'strides');
  const [dh, dw] = toPair(options.dilation ?? 1, 'dilation');
  const [ph, pw] = paddingPair(options.padding ?? 'valid');
  const ceilMode = options.ceilMode ?? false;
  return [
    convOutputLength({ inputLength: options.inputSize[0], kernelSize: kh, stride: sh, padding: ph, dilation: dh, ceilMode }),
    convOutputLength({ inputLength: options.inputSize[1], kernelSize: kw, stride: sw, padding: pw, dilation: dw, ceilMode }),
  ];
}

export function conv2dOutputShape(options: Conv2dShapeOptions): [number, number, number] {
  assertPositiveInt(options.filters, 'filters');
  assertPositiveInt(options.inputShape[2], 'input channels');
  const [h, w] = spatialOutputSize({ ...options, inputSize: [options.inputShape[0], options.inputShape[1]] });
  return [h, w, options.filters];
}

export function channelsOf(options: { inputChannels?: number; inputShape?: Shape3 }): number {
  const c = options.inputChannels ?? options.inputShape?.[2];
  if (c === undefined) throw new RangeError('give inputChannels or inputShape');
  assertPositiveInt(c, 'input channels');
  return c;
}

function groupedChannels(options: ConvChannelsOptions): number {
  const c = channelsOf(options);
  const groups = options.groups ?? 1;
  assertPositiveInt(groups, 'groups');
  if (c % groups !== 0 || options.filters % groups !== 0) {
    throw new RangeError(`groups (${groups}) must divide input channels (${c}) and filters (${options.filters})`);
  }
  return c / groups;
}

/** (kh·kw·C_in/groups + 1)·K with bias, kh·kw·C_in/groups·K without. */
export function conv2dParams(options: ConvChannelsOptions): number {
  const [kh, kw] = toPair(options.kernelSize, 'kernelSize');
  assertPositiveInt(options.filters, 'filters');
  const perFilter = kh * kw * groupedChannels(options);
  return perFilter * options.filters + (options.useBias ?? true ? options.filters : 0);
}

/** H_out·W_out·kh·kw·C_in/groups·K multiplications for one image. */
export function conv2dMultiplies(options: Conv2dShapeOptions & { groups?: number }): number {
  const [h, w] = conv2dOutputShape(options);
  const [kh, kw] = toPair(options.kernelSize, 'kernelSize');
  return h * w * kh * kw * groupedChannels({ ...options, inputShape: options.inputShape }) * options.filters;
}

export interface DepthwiseOptions {
  inputShape: Shape3;
  kernelSize: IntPair;
  depthMultiplier?: number;
  strides?: IntPair;
  padding?: Padding2d;
  dilation?: IntPair;
}

export function depthwiseConv2dOutputShape(options: DepthwiseOptions): [number, number, number] {
  const dm = options.depthMultiplier ?? 1;
  assertPositiveInt(dm, 'depthMultiplier');
  const [h, w] = spatialOutputSize({ ...options, inputSize: [options.inputShape[0], options.inputShape[1]] });
  return [h, w, channelsOf(options) * dm];
}

/** Keras DepthwiseConv2D: kh·kw·C_in·m weights, plus C_in·m biases when useBias (Keras default true). */
export function depthwiseConv2dParams(options: {
  kernelSize: IntPair;
  inputChannels?: number;
  inputShape?: Shape3;
  depthMultiplier?: number;
  useBias?: boolean;
}): number {
  const [kh, kw] = toPair(options.kernelSize, 'kernelSize');
  const dm = options.depthMultiplier ?? 1;
  assertPositiveInt(dm, 'depthMultiplier');
  const outChannels = channelsOf(options) * dm;
  return kh * kw * outChannels + (options.useBias ?? true ? outChannels : 0);
}

export function depthwiseConv2dMultiplies(options: DepthwiseOptions): number {
  const [h, w, c] = depthwiseConv2dOutputShape(options);
  const [kh, kw] = toPair(options.kernelSize, 'kernelSize');
  return h * w * kh * kw * c;
}

export interface SeparableOptions extends DepthwiseOptions {
  filters: number;
}

export function separableConv2dOutputShape(options: SeparableOptions): [number, number, number] {
  assertPositiveInt(options.filters, 'filters');
  const [h, w] = depthwiseConv2dOutputShape(options);
  return [h, w, options.filters];
}

/**
 * Keras SeparableConv2D: depthwise kh·kw·C_in·m (no bias) + pointwise C_in·m·K + K biases.
 * The course's example: 5·5·32 + (32+1)·64 = 2,912.
 */
export function separableConv2dParams(options: {
  kernelSize: IntPair;
  filters: number;
  inputChannels?: number;
  inputShape?: Shape3;
  depthMultiplier?: number;
  useBias?: boolean;
}): number {
  const [kh, kw] = toPair(options.kernelSize, 'kernelSize');
  assertPositiveInt(options.filters, 'filters');
  const dm = options.depthMultiplier ?? 1;
  assertPositiveInt(dm, 'depthMultiplier');
  const mid = channelsOf(options) * dm;
  return kh * kw * mid + mid * options.filters + (options.useBias ?? true ? options.filters : 0);
}

/** Depthwise multiplies plus the 1×1 pointwise multiplies on the same output grid. */
export function separableConv2dMultiplies(options: SeparableOptions): {
  depthwise: number;
  pointwise: number;
  total: number;
} {
  const [h, w, mid] = depthwiseConv2dOutputShape(options);
  const depthwise = depthwiseConv2dMultiplies(options);
  const pointwise = h * w * mid * options.filters;
  return { depthwise, pointwise, total: depthwise + pointwise };
}

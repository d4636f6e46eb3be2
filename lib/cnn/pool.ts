import { matrixShape, zeros, type Matrix } from './matrix';
import { spatialOutputSize, type Padding2d, type Shape3 } from './conv';
import { assertPositiveInt, toPair, type IntPair } from './pair';

// Pooling has no weights; like Keras, strides default to the pool size.

export function pool2dOutputShape(options: {
  inputShape: Shape3;
  poolSize: IntPair;
  strides?: IntPair;
  padding?: Padding2d;
  ceilMode?: boolean;
}): [number, number, number] {
  const [h, w] = spatialOutputSize({
    inputSize: [options.inputShape[0], options.inputShape[1]],
    kernelSize: options.poolSize,
    strides: options.strides ?? options.poolSize,
    padding: options.padding ?? 'valid',
    ceilMode: options.ceilMode,
  });
  return [h, w, options.inputShape[2]];
}

/** Global average pooling keeps one value per channel. */
export function globalPool2dOutputShape(inputShape: Shape3): [number] {
  assertPositiveInt(inputShape[2], 'channels');
  return [inputShape[2]];
}

/** Max or average pooling of one channel, valid windows only. */
export function pool2d(options: {
  input: readonly (readonly number[])[];
  poolSize: IntPair;
  strides?: IntPair;
  mode: 'max' | 'avg';
}): Matrix {
  const [ph, pw] = toPair(options.poolSize, 'poolSize');
  const [sh, sw] = toPair(options.strides ?? options.poolSize, 'strides');
  const [oh, ow] = spatialOutputSize({ inputSize: matrixShape(options.input), kernelSize: [ph, pw], strides: [sh, sw] });
  const out = zeros(oh, ow);
  for (let i = 0; i < oh; i++) {
    for (let j = 0; j < ow; j++) {
      const window: number[] = [];
      for (let a = 0; a < ph; a++) for (let b = 0; b < pw; b++) window.push(options.input[i * sh + a]![j * sw + b]!);
      out[i]![j] = options.mode === 'max' ? Math.max(...window) : window.reduce((s, v) => s + v, 0) / window.length;
    }
  }
  return out;
}

import { matrixShape, zeroPad, zeros, type Matrix } from './matrix';
import { spatialOutputSize } from './conv';
import { assertNonNegativeInt, toPair, type IntPair } from './pair';

// What a deep-learning "convolution" layer computes on one channel: slide the
// kernel without flipping it, take dot products, add the bias.

export function crossCorrelate2d(options: {
  input: readonly (readonly number[])[];
  kernel: readonly (readonly number[])[];
  bias?: number;
  strides?: IntPair;
  /** zero padding on each side (PyTorch style) */
  padding?: number;
  dilation?: IntPair;
}): Matrix {
  const padding = options.padding ?? 0;
  assertNonNegativeInt(padding, 'padding');
  const [kh, kw] = matrixShape(options.kernel);
  const [sh, sw] = toPair(options.strides ?? 1, 'strides');
  const [dh, dw] = toPair(options.dilation ?? 1, 'dilation');
  const input = zeroPad(options.input, { top: padding, bottom: padding, left: padding, right: padding });
  const [oh, ow] = spatialOutputSize({
    inputSize: matrixShape(options.input),
    kernelSize: [kh, kw],
    strides: [sh, sw],
    padding,
    dilation: [dh, dw],
  });
  const out = zeros(oh, ow);
  for (let i = 0; i < oh; i++) {
    for (let j = 0; j < ow; j++) {
      let sum = options.bias ?? 0;
      for (let a = 0; a < kh; a++) {
        for (let b = 0; b < kw; b++) sum += input[i * sh + a * dh]![j * sw + b * dw]! * options.kernel[a]![b]!;
      }
      out[i]![j] = sum;
    }
  }
  return out;
}

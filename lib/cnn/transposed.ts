import { effectiveKernelSize } from './output-length';
import { channelsOf, conv2dParams, type Shape3 } from './conv';
import { matrixShape, zeros, type Matrix } from './matrix';
import { assertNonNegativeInt, assertPositiveInt, toPair, type IntPair } from './pair';

// Transposed convolution ("deconvolution"): every input value scatters a scaled
// copy of the kernel into the output, and overlapping copies add up.

export type TransposedPadding = 'valid' | 'same' | number | readonly [number, number];

/**
 * One dimension. Numeric padding follows PyTorch ConvTranspose2d:
 * (L−1)·s − 2p + d(k−1) + outputPadding + 1.
 * 'valid'/'same' follow Keras Conv2DTranspose (deconv_output_length).
 */
export function convTransposeOutputLength(options: {
  inputLength: number;
  kernelSize: number;
  stride?: number;
  padding?: 'valid' | 'same' | number;
  dilation?: number;
  outputPadding?: number;
}): number {
  const { inputLength, kernelSize, stride = 1, padding = 0, dilation = 1, outputPadding } = options;
  assertPositiveInt(inputLength, 'inputLength');
  assertPositiveInt(stride, 'stride');
  const extent = effectiveKernelSize(kernelSize, dilation);
  if (outputPadding !== undefined) {
    assertNonNegativeInt(outputPadding, 'outputPadding');
    if (outputPadding >= stride && outputPadding >= dilation) {
      throw new RangeError(`outputPadding (${outputPadding}) must be smaller than stride or dilation`);
    }
  }
  let out: number;
  if (padding === 'valid' || padding === 'same') {
    if (outputPadding === undefined) {
      out = padding === 'valid' ? inputLength * stride + Math.max(extent - stride, 0) : inputLength * stride;
    } else {
      const pad = padding === 'valid' ? 0 : Math.floor(extent / 2);
      out = (inputLength - 1) * stride + extent - 2 * pad + outputPadding;
    }
  } else {
    assertNonNegativeInt(padding, 'padding');
    out = (inputLength - 1) * stride - 2 * padding + extent + (outputPadding ?? 0);
  }
  if (out < 1) throw new RangeError(`transposed convolution output length would be ${out}`);
  return out;
}

export function conv2dTransposeOutputShape(options: {
  inputShape: Shape3;
  filters: number;
  kernelSize: IntPair;
  strides?: IntPair;
  padding?: TransposedPadding;
  dilation?: IntPair;
  outputPadding?: IntPair;
}): [number, number, number] {
  assertPositiveInt(options.filters, 'filters');
  channelsOf(options);
  const [kh, kw] = toPair(options.kernelSize, 'kernelSize');
  const [sh, sw] = toPair(options.strides ?? 1, 'strides');
  const [dh, dw] = toPair(options.dilation ?? 1, 'dilation');
  const padding = options.padding ?? 'valid';
  const [ph, pw] = typeof padding === 'object' ? padding : [padding, padding];
  const op = options.outputPadding;
  const [oph, opw] = op === undefined ? [undefined, undefined] : typeof op === 'number' ? [op, op] : op;
  return [
    convTransposeOutputLength({ inputLength: options.inputShape[0], kernelSize: kh, stride: sh, padding: ph, dilation: dh, outputPadding: oph }),
    convTransposeOutputLength({ inputLength: options.inputShape[1], kernelSize: kw, stride: sw, padding: pw, dilation: dw, outputPadding: opw }),
    options.filters,
  ];
}

/** Same weight count as the forward Conv2D: (kh·kw·C_in + 1)·K with bias. */
export function conv2dTransposeParams(options: {
  kernelSize: IntPair;
  filters: number;
  inputChannels?: number;
  inputShape?: Shape3;
  useBias?: boolean;
}): number {
  return conv2dParams(options);
}

/** PyTorch ConvTranspose2d on one channel, without bias unless given. */
export function transposedConv2d(options: {
  input: readonly (readonly number[])[];
  kernel: readonly (readonly number[])[];
  strides?: IntPair;
  /** rows/columns cropped from each border of the full result */
  padding?: number;
  outputPadding?: number;
  bias?: number;
}): Matrix {
  const [ih, iw] = matrixShape(options.input);
  const [kh, kw] = matrixShape(options.kernel);
  const [sh, sw] = toPair(options.strides ?? 1, 'strides');
  const p = options.padding ?? 0;
  const op = options.outputPadding ?? 0;
  const oh = convTransposeOutputLength({ inputLength: ih, kernelSize: kh, stride: sh, padding: p, outputPadding: op });
  const ow = convTransposeOutputLength({ inputLength: iw, kernelSize: kw, stride: sw, padding: p, outputPadding: op });
  const out = zeros(oh, ow);
  for (let i = 0; i < ih; i++) {
    for (let j = 0; j < iw; j++) {
      for (let a = 0; a < kh; a++) {
        for (let b = 0; b < kw; b++) {
          const r = i * sh + a - p;
          const c = j * sw + b - p;
          if (r >= 0 && r < oh && c >= 0 && c < ow) out[r]![c]! += options.input[i]![j]! * options.kernel[a]![b]!;
        }
      }
    }
  }
  if (options.bias) for (const row of out) for (let c = 0; c < ow; c++) row[c]! += options.bias;
  return out;
}

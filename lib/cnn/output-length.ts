import { assertNonNegativeInt, assertPositiveInt } from './pair';

// One spatial dimension of a convolution or pooling window sliding over an input.
// Numeric padding follows PyTorch (same amount on both sides, floor unless ceilMode);
// 'valid' and 'same' follow Keras/TensorFlow.

export type Padding1d = 'valid' | 'same' | number;

export interface OutputLengthOptions {
  inputLength: number;
  kernelSize: number;
  stride?: number;
  padding?: Padding1d;
  dilation?: number;
  /** PyTorch pooling's ceil_mode: keep a last, partial window if it starts inside the input or left padding */
  ceilMode?: boolean;
}

/** Effective extent of a dilated kernel: d·(k−1)+1. */
export function effectiveKernelSize(kernelSize: number, dilation = 1): number {
  assertPositiveInt(kernelSize, 'kernelSize');
  assertPositiveInt(dilation, 'dilation');
  return dilation * (kernelSize - 1) + 1;
}

/** ⌊(L + 2p − d(k−1) − 1)/s + 1⌋, or ⌈L/s⌉ for 'same'. Throws when no window fits. */
export function convOutputLength(options: OutputLengthOptions): number {
  const { inputLength, kernelSize, stride = 1, padding = 0, dilation = 1, ceilMode = false } = options;
  assertPositiveInt(inputLength, 'inputLength');
  assertPositiveInt(stride, 'stride');
  const extent = effectiveKernelSize(kernelSize, dilation);
  if (padding === 'same') return Math.ceil(inputLength / stride);
  const p = padding === 'valid' ? 0 : padding;
  assertNonNegativeInt(p, 'padding');
  const span = inputLength + 2 * p - extent;
  if (span < 0) {
    throw new RangeError(
      `kernel extent ${extent} does not fit in input length ${inputLength} with padding ${p}`,
    );
  }
  let out = (ceilMode ? Math.ceil(span / stride) : Math.floor(span / stride)) + 1;
  // PyTorch drops a ceil-mode window that would start entirely in the right padding.
  if (ceilMode && (out - 1) * stride >= inputLength + p) out -= 1;
  return out;
}

/** True when the stride divides the span exactly, i.e. the floor in the formula changes nothing. */
export function convDivisionIsExact(options: OutputLengthOptions): boolean {
  const { inputLength, kernelSize, stride = 1, padding = 0, dilation = 1 } = options;
  if (padding === 'same') return inputLength % stride === 0;
  const p = padding === 'valid' ? 0 : padding;
  return (inputLength + 2 * p - effectiveKernelSize(kernelSize, dilation)) % stride === 0;
}

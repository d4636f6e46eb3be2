// Keras and PyTorch both accept `3` or `[3, 3]` for kernel sizes, strides and
// dilations; every primitive normalizes through here so the checks live in one place.

export type IntPair = number | readonly [number, number];

export function toPair(value: IntPair, name: string): [number, number] {
  const pair: [number, number] = typeof value === 'number' ? [value, value] : [value[0], value[1]];
  for (const v of pair) assertPositiveInt(v, name);
  return pair;
}

export function assertPositiveInt(value: number, name: string): void {
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new RangeError(`${name} must be a positive integer, got ${value}`);
  }
}

export function assertNonNegativeInt(value: number, name: string): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${name} must be a non-negative integer, got ${value}`);
  }
}

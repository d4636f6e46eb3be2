import { assertPositiveInt } from './pair';

// Dense (fully connected) layers. Keras's summary counts (inputs + 1)·units
// per layer: one weight per input and one bias per unit.

export function denseParams(options: { inputUnits: number; units: number; useBias?: boolean }): number {
  assertPositiveInt(options.inputUnits, 'inputUnits');
  assertPositiveInt(options.units, 'units');
  return (options.inputUnits + (options.useBias ?? true ? 1 : 0)) * options.units;
}

export function denseMultiplies(options: { inputUnits: number; units: number }): number {
  assertPositiveInt(options.inputUnits, 'inputUnits');
  assertPositiveInt(options.units, 'units');
  return options.inputUnits * options.units;
}

/** Per-layer and total parameters of Dense layers stacked on `inputUnits` inputs. */
export function denseStackParams(options: { inputUnits: number; units: readonly number[]; useBias?: boolean }): {
  perLayer: number[];
  total: number;
} {
  const perLayer: number[] = [];
  let previous = options.inputUnits;
  for (const units of options.units) {
    perLayer.push(denseParams({ inputUnits: previous, units, useBias: options.useBias }));
    previous = units;
  }
  return { perLayer, total: perLayer.reduce((a, b) => a + b, 0) };
}

/** Units after Flatten: the product of every non-batch dimension. */
export function flattenLength(shape: readonly number[]): number {
  for (const d of shape) assertPositiveInt(d, 'dimension');
  return shape.reduce((a, b) => a * b, 1);
}

/** Keras BatchNormalization over C channels: γ, β trainable; moving mean/variance not. */
export function batchNormParams(channels: number): { trainable: number; nonTrainable: number; total: number } {
  assertPositiveInt(channels, 'channels');
  return { trainable: 2 * channels, nonTrainable: 2 * channels, total: 4 * channels };
}

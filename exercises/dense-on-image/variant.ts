import { conv2dParams, denseMultiplies, denseParams, flattenLength } from '@/lib/cnn';
import { texInt } from '@/lib/exercises/numeric/format';
import { defineNumericExercise } from '@/lib/exercises/numeric/types';

// Seed example (notes 004, "Why is CNN?"): a 600×800 image flattened to
// 480,000 inputs into a hidden layer of 1,000 units gives a 480,000 × 1,000
// weight matrix, 480,000,000 elements. The conv layer beside it shows why
// CNNs share a small kernel instead.

export interface DenseOnImageParams {
  height: number;
  width: number;
  channels: number;
  units: number;
  filters: number;
}

function counts(p: DenseOnImageParams) {
  const inputs = flattenLength([p.height, p.width, p.channels]);
  return {
    inputs,
    weights: denseMultiplies({ inputUnits: inputs, units: p.units }),
    denseParams: denseParams({ inputUnits: inputs, units: p.units }),
    convParams: conv2dParams({ kernelSize: 3, inputChannels: p.channels, filters: p.filters }),
  };
}

export const exercise = defineNumericExercise<DenseOnImageParams>({
  generate: (rng) => ({
    height: 16 * rng.int(2, 50),
    width: 16 * rng.int(2, 50),
    channels: rng.pick([1, 3]),
    units: rng.pick([100, 128, 256, 500, 512, 1000, 1024]),
    filters: rng.pick([8, 16, 32, 64]),
  }),
  promptValues: (p) => ({ ...p, plural: p.channels === 1 ? '' : 's' }),
  fields: () => [
    { name: 'inputs', label: 'Inputs of the dense layer', type: 'integer' },
    { name: 'weights', label: 'Weights in W (no biases)', type: 'integer' },
    { name: 'denseParams', label: 'Parameters of the dense layer', type: 'integer' },
    { name: 'convParams', label: 'Parameters of the Conv2D layer', type: 'integer' },
  ],
  answer: (p) => ({ ...counts(p) }),
  solution(p) {
    const a = counts(p);
    return [
      `Flattening keeps every value: $${p.height} \\cdot ${p.width} \\cdot ${p.channels} = ${texInt(a.inputs)}$ inputs.`,
      '',
      `Every input connects to every unit, so $W$ is $${texInt(a.inputs)} \\times ${p.units}$: $${texInt(a.weights)}$ weights.`,
      '',
      `With one bias per unit: $(${texInt(a.inputs)} + 1) \\cdot ${p.units} = ${texInt(a.denseParams)}$ parameters.`,
      '',
      `The convolution shares one $3 \\times 3 \\times ${p.channels}$ kernel per filter across the whole image, whatever its size: $(3 \\cdot 3 \\cdot ${p.channels} + 1) \\cdot ${p.filters} = ${texInt(a.convParams)}$ parameters.`,
      '',
      'A dense layer also loses the image\'s spatial structure: neighbouring pixels become unrelated inputs.',
    ].join('\n');
  },
});

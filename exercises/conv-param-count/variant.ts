import { conv2dParams } from '@/lib/cnn';
import type { Rng } from '@/lib/grading/rng';
import { texInt } from '@/lib/exercises/numeric/format';
import { defineNumericExercise } from '@/lib/exercises/numeric/types';

// Seed example (notes 000): 5×5 kernels over 32 channels, 64 filters, with bias:
// (5·5·32 + 1)·64 = 51,264. Notes 002: 3×3·8 = 72 without bias.

export interface ConvParamCountParams {
  kernelSize: number;
  inputChannels: number;
  filters: number;
  bias: boolean;
}

function channels(rng: Rng): number {
  const r = rng.next();
  if (r < 0.15) return rng.pick([1, 3]);
  if (r < 0.8) return 8 * rng.int(1, 64);
  return rng.int(2, 256);
}

export const exercise = defineNumericExercise<ConvParamCountParams>({
  generate: (rng) => ({
    kernelSize: rng.pick([1, 2, 3, 3, 3, 5, 5, 7, 11]),
    inputChannels: channels(rng),
    filters: channels(rng),
    bias: rng.next() < 0.6,
  }),
  promptValues: (p) => ({
    ...p,
    bias: String(p.bias),
    biasSentence: p.bias
      ? 'Every filter has its own bias term (`use_bias=True`).'
      : 'The layer has no bias terms (`use_bias=False`), e.g. because a batch normalization follows it.',
  }),
  fields: () => [{ name: 'params', label: 'Number of parameters', type: 'integer' }],
  answer: (p) => ({
    params: conv2dParams({ kernelSize: p.kernelSize, inputChannels: p.inputChannels, filters: p.filters, useBias: p.bias }),
  }),
  solution(p) {
    const k = p.kernelSize;
    const perFilter = k * k * p.inputChannels;
    const total = conv2dParams({ kernelSize: k, inputChannels: p.inputChannels, filters: p.filters, useBias: p.bias });
    const lines = [
      `Each filter covers the whole input depth, so it holds $k \\cdot k \\cdot C_{in} = ${k} \\cdot ${k} \\cdot ${p.inputChannels} = ${texInt(perFilter)}$ weights.`,
      '',
    ];
    if (p.bias) {
      lines.push(
        'With a bias per filter:',
        '',
        `$$(k \\cdot k \\cdot C_{in} + 1) \\cdot K = (${texInt(perFilter)} + 1) \\cdot ${p.filters} = ${texInt(total)}$$`,
      );
    } else {
      lines.push('Without biases:', '', `$$k \\cdot k \\cdot C_{in} \\cdot K = ${texInt(perFilter)} \\cdot ${p.filters} = ${texInt(total)}$$`);
    }
    lines.push('', 'The input\'s height and width do not matter: the same weights slide over every position.');
    return lines.join('\n');
  },
});

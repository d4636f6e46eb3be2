import { denseStackParams } from '@/lib/cnn';
import { ordinal } from '@/lib/exercises/numeric/format';
import { defineNumericExercise } from '@/lib/exercises/numeric/types';

// Seed example (notes 001): Dense(4) → Dense(5) → Dense(2) on 3 inputs prints
// 16, 25, 12 and "Total params: 53 — where does this come from?"

export interface DenseParamCountParams {
  inputUnits: number;
  units: number[];
}

export const exercise = defineNumericExercise<DenseParamCountParams>({
  generate: (rng) => ({
    inputUnits: rng.int(2, 32),
    units: Array.from({ length: rng.int(2, 4) }, () => rng.int(2, 32)),
  }),
  promptValues: (p) => ({
    inputUnits: p.inputUnits,
    code: p.units
      .map((u, i) => `model.add(Dense(${u}${i === 0 ? `, input_shape=(${p.inputUnits},)` : ''}))`)
      .join('\n'),
  }),
  fields: (p) => [
    ...p.units.map((u, i) => ({
      name: `layer${i + 1}`,
      label: `Param # of the ${ordinal(i + 1)} layer, Dense(${u})`,
      type: 'integer' as const,
    })),
    { name: 'total', label: 'Total params', type: 'integer' },
  ],
  answer(p) {
    const { perLayer, total } = denseStackParams(p);
    return { ...Object.fromEntries(perLayer.map((n, i) => [`layer${i + 1}`, n])), total };
  },
  solution(p) {
    const { perLayer, total } = denseStackParams(p);
    const lines = [
      'A `Dense(n)` layer connects each of its $m$ inputs to each of its $n$ units (one weight each) and gives every unit a bias:',
      '',
      '$$\\text{params} = (m + 1) \\cdot n$$',
      '',
      'Each layer\'s inputs are the previous layer\'s units:',
      '',
    ];
    let m = p.inputUnits;
    p.units.forEach((n, i) => {
      lines.push(`- ${ordinal(i + 1)} layer, \`Dense(${n})\` on ${m} inputs: $(${m} + 1) \\cdot ${n} = ${perLayer[i]}$`);
      m = n;
    });
    lines.push('', `Total: $${perLayer.join(' + ')} = ${total}$.`);
    return lines.join('\n');
  },
});

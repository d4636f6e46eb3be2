import { pool2d } from '@/lib/cnn';
import { fmtReal, randomMatrix, texMatrix } from '@/lib/exercises/numeric/format';
import { defineNumericExercise } from '@/lib/exercises/numeric/types';

// Seed example (notes 000): [[8,7,5,3],[12,9,5,7],[13,2,10,3],[9,4,5,14]] with
// 2×2 windows, stride 2 → max [[12,7],[13,14]], average [[9,5],[7,8]].

export interface PoolOutputParams {
  input: number[][];
  poolSize: number;
  stride: number;
}

const LAYOUTS = [
  { rows: 4, cols: 4, poolSize: 2, stride: 2 },
  { rows: 4, cols: 4, poolSize: 2, stride: 2 },
  { rows: 4, cols: 6, poolSize: 2, stride: 2 },
  { rows: 6, cols: 6, poolSize: 2, stride: 2 },
  // AlexNet's overlapping pooling
  { rows: 5, cols: 5, poolSize: 3, stride: 2 },
  { rows: 6, cols: 6, poolSize: 3, stride: 3 },
];

function results(p: PoolOutputParams) {
  return {
    max: pool2d({ input: p.input, poolSize: p.poolSize, strides: p.stride, mode: 'max' }),
    average: pool2d({ input: p.input, poolSize: p.poolSize, strides: p.stride, mode: 'avg' }),
  };
}

export const exercise = defineNumericExercise<PoolOutputParams>({
  generate(rng) {
    const layout = rng.pick(LAYOUTS);
    // larger windows get a wider value range so their maxima are not all the same
    const hi = layout.poolSize === 2 ? 20 : 40;
    return { input: randomMatrix(rng, layout.rows, layout.cols, 0, hi), poolSize: layout.poolSize, stride: layout.stride };
  },
  promptValues(p) {
    const { max } = results(p);
    return {
      poolSize: p.poolSize,
      stride: p.stride,
      rows: p.input.length,
      cols: p.input[0]!.length,
      outRows: max.length,
      outCols: max[0]!.length,
      matrix: texMatrix(p.input),
    };
  },
  fields(p) {
    const { max } = results(p);
    const shape = { rows: max.length, cols: max[0]!.length };
    return [
      { name: 'max', label: 'Max pooling', type: 'matrix', ...shape },
      { name: 'average', label: 'Average pooling', type: 'matrix', ...shape },
    ];
  },
  answer: (p) => results(p),
  solution(p) {
    const { max, average } = results(p);
    const k = p.poolSize;
    const lines = [
      `The output has $\\lfloor (L - ${k}) / ${p.stride} \\rfloor + 1$ rows and columns. Window $(i, j)$ covers rows $${p.stride}(i-1)+1 \\ldots ${p.stride}(i-1)+${k}$ and the same columns; max pooling keeps its largest value, average pooling its mean.`,
      '',
    ];
    max.forEach((row, i) =>
      row.forEach((m, j) => {
        const window: number[] = [];
        for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) window.push(p.input[i * p.stride + a]![j * p.stride + b]!);
        const sum = window.reduce((s, v) => s + v, 0);
        lines.push(
          `- window $(${i + 1}, ${j + 1})$: $\\{${window.join(', ')}\\}$, max $= ${m}$, mean $= ${sum} / ${window.length} = ${fmtReal(average[i]![j]!)}$`,
        );
      }),
    );
    lines.push('', `$$\\text{max} = ${texMatrix(max)} \\qquad \\text{average} = ${texMatrix(average)}$$`);
    return lines.join('\n');
  },
});

import { transposedConv2d } from '@/lib/cnn';
import { randomMatrix, texMatrix } from '@/lib/exercises/numeric/format';
import { defineNumericExercise } from '@/lib/exercises/numeric/types';

// Seed example (notes 000, PyTorch): X = K = [[0,1],[2,3]], stride 1 →
// [[0,0,1],[0,4,6],[4,12,9]].

export interface TransposedConvParams {
  input: number[][];
  kernel: number[][];
  stride: number;
}

const LAYOUTS = [
  { n: 2, k: 2, stride: 1 },
  { n: 2, k: 2, stride: 1 },
  { n: 2, k: 2, stride: 2 },
  { n: 3, k: 2, stride: 1 },
  { n: 2, k: 3, stride: 1 },
];

function output(p: TransposedConvParams): number[][] {
  return transposedConv2d({ input: p.input, kernel: p.kernel, strides: p.stride });
}

export const exercise = defineNumericExercise<TransposedConvParams>({
  generate(rng) {
    const layout = rng.pick(LAYOUTS);
    let kernel = randomMatrix(rng, layout.k, layout.k, 0, 3);
    while (kernel.flat().every((v) => v === 0)) kernel = randomMatrix(rng, layout.k, layout.k, 0, 3);
    return { input: randomMatrix(rng, layout.n, layout.n, 0, 4), kernel, stride: layout.stride };
  },
  promptValues(p) {
    const out = output(p);
    return {
      kernelSize: p.kernel.length,
      stride: p.stride,
      input: texMatrix(p.input),
      kernel: texMatrix(p.kernel),
      outRows: out.length,
      outCols: out[0]!.length,
    };
  },
  fields(p) {
    const out = output(p);
    return [{ name: 'output', label: 'Output', type: 'matrix', rows: out.length, cols: out[0]!.length }];
  },
  answer: (p) => ({ output: output(p) }),
  solution(p) {
    const out = output(p);
    const n = p.input.length;
    const k = p.kernel.length;
    const lines = [
      `Output size: $(n - 1) \\cdot s + k = (${n} - 1) \\cdot ${p.stride} + ${k} = ${out.length}$.`,
      '',
      `Each input value $x_{ij}$ contributes $x_{ij} \\cdot K$ to the ${k} × ${k} block whose top-left corner is at row $${p.stride}(i-1)+1$, column $${p.stride}(j-1)+1$:`,
      '',
    ];
    p.input.forEach((row, i) =>
      row.forEach((x, j) => {
        const block = p.kernel.map((r) => r.map((v) => v * x));
        lines.push(`- $x_{${i + 1}${j + 1}} = ${x}$ at $(${i * p.stride + 1}, ${j * p.stride + 1})$: $${x} \\cdot K = ${texMatrix(block)}$`);
      }),
    );
    lines.push('', 'Adding the overlapping blocks:', '', `$$Y = ${texMatrix(out)}$$`);
    return lines.join('\n');
  },
});

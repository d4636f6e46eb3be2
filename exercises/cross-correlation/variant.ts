import { crossCorrelate2d } from '@/lib/cnn';
import type { Rng } from '@/lib/grading/rng';
import { randomMatrix, texMatrix, texSigned } from '@/lib/exercises/numeric/format';
import { defineNumericExercise } from '@/lib/exercises/numeric/types';

// Seed examples: the 4×4 image 1..16 with the sharpen kernel and bias 5 gives
// [[11,12],[15,16]] (notes 000); the vertical Sobel kernel on the 4×4 image of
// notes 002 gives 29 and −192 in the first row.

export interface CrossCorrelationParams {
  input: number[][];
  kernel: number[][];
  kernelName: string;
  bias: number;
  stride: number;
}

const NAMED_KERNELS: Record<string, number[][]> = {
  sharpen: [
    [0, -1, 0],
    [-1, 5, -1],
    [0, -1, 0],
  ],
  'vertical Sobel': [
    [-1, 0, 1],
    [-2, 0, 2],
    [-1, 0, 1],
  ],
  'horizontal Sobel': [
    [1, 2, 1],
    [0, 0, 0],
    [-1, -2, -1],
  ],
};

const LAYOUTS = [
  { rows: 4, cols: 4, stride: 1 },
  { rows: 4, cols: 4, stride: 1 },
  { rows: 4, cols: 5, stride: 1 },
  { rows: 5, cols: 5, stride: 1 },
  { rows: 5, cols: 5, stride: 2 },
];

function kernelFor(rng: Rng): { kernelName: string; kernel: number[][] } {
  const name = rng.pick([...Object.keys(NAMED_KERNELS), 'random', 'random']);
  if (name !== 'random') return { kernelName: name, kernel: NAMED_KERNELS[name]! };
  for (;;) {
    const kernel = randomMatrix(rng, 3, 3, -2, 2);
    if (kernel.flat().some((v) => v !== 0)) return { kernelName: 'a 3 × 3 kernel', kernel };
  }
}

function output(p: CrossCorrelationParams): number[][] {
  return crossCorrelate2d({ input: p.input, kernel: p.kernel, bias: p.bias, strides: p.stride });
}

export const exercise = defineNumericExercise<CrossCorrelationParams>({
  generate(rng) {
    const layout = rng.pick(LAYOUTS);
    return {
      input: randomMatrix(rng, layout.rows, layout.cols, 0, 9),
      ...kernelFor(rng),
      bias: rng.int(-5, 5),
      stride: layout.stride,
    };
  },
  promptValues(p) {
    const out = output(p);
    return {
      rows: p.input.length,
      cols: p.input[0]!.length,
      kernelName: p.kernelName,
      input: texMatrix(p.input),
      kernel: texMatrix(p.kernel),
      bias: p.bias,
      stride: p.stride,
      outRows: out.length,
      outCols: out[0]!.length,
    };
  },
  fields(p) {
    const out = output(p);
    return [{ name: 'output', label: 'Output Y', type: 'matrix', rows: out.length, cols: out[0]!.length }];
  },
  answer: (p) => ({ output: output(p) }),
  solution(p) {
    const out = output(p);
    const terms: string[] = [];
    p.kernel.forEach((row, a) => row.forEach((k, b) => terms.push(`${p.input[a]![b]} \\times ${texSigned(k)}`)));
    const oh = out.length;
    const ow = out[0]!.length;
    return [
      `With a ${p.kernel.length} × ${p.kernel[0]!.length} kernel and stride ${p.stride}, the output has $\\lfloor (${p.input.length} - 3) / ${p.stride} \\rfloor + 1 = ${oh}$ rows and $\\lfloor (${p.input[0]!.length} - 3) / ${p.stride} \\rfloor + 1 = ${ow}$ columns.`,
      '',
      `Each output value is the sum of the element-wise products of the kernel with the window under it, plus the bias. The top-left window (rows 1–3, columns 1–3):`,
      '',
      `$$Y_{1,1} = ${terms.join(' + ')} + ${texSigned(p.bias)} = ${out[0]![0]}$$`,
      '',
      `Moving the window ${p.stride} column(s) right or ${p.stride} row(s) down gives the other values:`,
      '',
      `$$Y = ${texMatrix(out)}$$`,
    ].join('\n');
  },
});

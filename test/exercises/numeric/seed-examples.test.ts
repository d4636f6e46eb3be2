import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { loadExercise } from '@/lib/exercises/load';
import { gradeNumericAnswer } from '@/lib/grading/numeric-grade';
import { exercise as convOutputSize } from '@/exercises/conv-output-size/variant';
import { exercise as convParamCount } from '@/exercises/conv-param-count/variant';
import { exercise as denseParamCount } from '@/exercises/dense-param-count/variant';
import { exercise as denseOnImage } from '@/exercises/dense-on-image/variant';
import { exercise as separableConvCost } from '@/exercises/separable-conv-cost/variant';
import { exercise as poolOutput } from '@/exercises/pool-output/variant';
import { exercise as crossCorrelation } from '@/exercises/cross-correlation/variant';
import { exercise as transposedConv } from '@/exercises/transposed-conv/variant';
import { exercise as lenetShapes } from '@/exercises/lenet-shapes/variant';

// Each exercise's answer function, given the parameters of the course notes'
// own example, must reproduce the number the notes print.

describe('exercise answers on the seed examples', () => {
  it('conv-output-size: 256×256×3, five 4×4 kernels, stride 2, padding 0 → 127×127×5', () => {
    expect(
      convOutputSize.answer({ inputHeight: 256, inputWidth: 256, inputChannels: 3, kernelSize: 4, stride: 2, padding: 0, dilation: 1, filters: 5 }),
    ).toEqual({ height: 127, width: 127, channels: 5 });
  });

  it('conv-param-count: 5×5×32 → 64 with bias = 51,264; 3×3×1 → 8 without = 72', () => {
    expect(convParamCount.answer({ kernelSize: 5, inputChannels: 32, filters: 64, bias: true })).toEqual({ params: 51_264 });
    expect(convParamCount.answer({ kernelSize: 3, inputChannels: 1, filters: 8, bias: false })).toEqual({ params: 72 });
  });

  it('dense-param-count: Dense(4) → Dense(5) → Dense(2) on 3 inputs = 16, 25, 12, total 53', () => {
    expect(denseParamCount.answer({ inputUnits: 3, units: [4, 5, 2] })).toEqual({ layer1: 16, layer2: 25, layer3: 12, total: 53 });
  });

  it('dense-on-image: a 600×800 image into 1,000 hidden units = 480,000 inputs and 480,000,000 weights', () => {
    expect(denseOnImage.answer({ height: 600, width: 800, channels: 1, units: 1000, filters: 8 })).toEqual({
      inputs: 480_000,
      weights: 480_000_000,
      denseParams: 480_001_000,
      convParams: 80,
    });
  });

  it('separable-conv-cost: 51,264 vs 2,912 params, 812,851,200 vs 45,214,848 multiplies; the notes\' 17.6 and 17.9 are accepted', () => {
    const params = { inputHeight: 130, inputWidth: 130, inputChannels: 32, kernelSize: 5, filters: 64 };
    const answer = separableConvCost.answer(params);
    expect(answer).toMatchObject({
      standardParams: 51_264,
      separableParams: 2_912,
      standardMults: 812_851_200,
      separableMults: 45_214_848,
    });
    const { meta } = loadExercise(path.resolve('exercises/separable-conv-cost'));
    const check = gradeNumericAnswer({
      fields: separableConvCost.fields(params),
      expected: answer,
      raw: { ...answer, paramRatio: '17.6', multRatio: '17.9' },
      points: meta.points,
      tolerance: { relative: meta.tolerance, absolute: 0 },
    });
    expect(check.kind === 'graded' && check.result.score).toBe(meta.points);
  });

  it('pool-output: the 4×4 example → max [[12,7],[13,14]], average [[9,5],[7,8]]', () => {
    const input = [
      [8, 7, 5, 3],
      [12, 9, 5, 7],
      [13, 2, 10, 3],
      [9, 4, 5, 14],
    ];
    expect(poolOutput.answer({ input, poolSize: 2, stride: 2 })).toEqual({
      max: [
        [12, 7],
        [13, 14],
      ],
      average: [
        [9, 5],
        [7, 8],
      ],
    });
  });

  it('cross-correlation: sharpen + bias 5 → [[11,12],[15,16]]; vertical Sobel → first row 29, −192', () => {
    const sharpen = [
      [0, -1, 0],
      [-1, 5, -1],
      [0, -1, 0],
    ];
    const input = [
      [1, 2, 3, 4],
      [5, 6, 7, 8],
      [9, 10, 11, 12],
      [13, 14, 15, 16],
    ];
    expect(crossCorrelation.answer({ input, kernel: sharpen, kernelName: 'sharpen', bias: 5, stride: 1 })).toEqual({
      output: [
        [11, 12],
        [15, 16],
      ],
    });
    const sobel = [
      [-1, 0, 1],
      [-2, 0, 2],
      [-1, 0, 1],
    ];
    const image = [
      [0, 50, 0, 29],
      [0, 80, 31, 2],
      [33, 90, 0, 75],
      [0, 9, 0, 95],
    ];
    const { output } = crossCorrelation.answer({ input: image, kernel: sobel, kernelName: 'vertical Sobel', bias: 0, stride: 1 });
    expect((output as number[][])[0]).toEqual([29, -192]);
  });

  it('transposed-conv: [[0,1],[2,3]] with kernel [[0,1],[2,3]] → [[0,0,1],[0,4,6],[4,12,9]]', () => {
    const m = [
      [0, 1],
      [2, 3],
    ];
    expect(transposedConv.answer({ input: m, kernel: m, stride: 1 })).toEqual({
      output: [
        [0, 0, 1],
        [0, 4, 6],
        [4, 12, 9],
      ],
    });
  });

  it('lenet-shapes: LeNet-5 on 32×32×1 and AlexNet on 227×227×3 reproduce Tables 14-1 and 14-2', () => {
    expect(lenetShapes.answer({ architecture: 'lenet5', inputHeight: 32, inputWidth: 32, inputChannels: 1 })).toEqual({
      C1_height: 28, C1_width: 28, C1_channels: 6,
      S2_height: 14, S2_width: 14, S2_channels: 6,
      C3_height: 10, C3_width: 10, C3_channels: 16,
      S4_height: 5, S4_width: 5, S4_channels: 16,
      C5_height: 1, C5_width: 1, C5_channels: 120,
      flatten: 120,
    });
    expect(lenetShapes.answer({ architecture: 'alexnet', inputHeight: 227, inputWidth: 227, inputChannels: 3 })).toEqual({
      C1_height: 55, C1_width: 55, C1_channels: 96,
      S2_height: 27, S2_width: 27, S2_channels: 96,
      C3_height: 27, C3_width: 27, C3_channels: 256,
      S4_height: 13, S4_width: 13, S4_channels: 256,
      C5_height: 13, C5_width: 13, C5_channels: 384,
      C6_height: 13, C6_width: 13, C6_channels: 384,
      C7_height: 13, C7_width: 13, C7_channels: 256,
      flatten: 13 * 13 * 256,
    });
  });
});

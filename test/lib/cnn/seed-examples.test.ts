import { describe, expect, it } from 'vitest';
import {
  ALEXNET,
  LENET5,
  conv2dMultiplies,
  conv2dOutputShape,
  conv2dParams,
  crossCorrelate2d,
  denseStackParams,
  depthwiseConv2dParams,
  pool2d,
  separableConv2dMultiplies,
  separableConv2dParams,
  shapeTable,
  transposedConv2d,
} from '@/lib/cnn';

// Every worked example in the course notes, fed to the primitives with the
// seed's own inputs and pinned to the number the notes print.

describe('seed examples', () => {
  it('256×256×3 input, five 4×4×3 kernels, stride 2, padding 0 → 127×127×5 (seed 000)', () => {
    expect(conv2dOutputShape({ inputShape: [256, 256, 3], filters: 5, kernelSize: 4, strides: 2, padding: 0 })).toEqual([
      127, 127, 5,
    ]);
  });

  it('28×28×1 with 8 valid 3×3 filters → 26×26×8, 72 weights without bias (seed 002)', () => {
    expect(conv2dOutputShape({ inputShape: [28, 28, 1], filters: 8, kernelSize: 3 })).toEqual([26, 26, 8]);
    expect(conv2dParams({ inputChannels: 1, filters: 8, kernelSize: 3, useBias: false })).toBe(72);
  });

  it('5×5×32 → 64 conv: 51,264 params and 812,851,200 multiplies on a 126×126 output (seed 000)', () => {
    expect(conv2dParams({ kernelSize: 5, inputChannels: 32, filters: 64 })).toBe(51_264);
    // a 130×130 input is what a valid 5×5 conv turns into the seed's 126×126 output
    expect(conv2dMultiplies({ inputShape: [130, 130, 32], filters: 64, kernelSize: 5 })).toBe(812_851_200);
  });

  it('depthwise-separable: 800 + 2,112 = 2,912 params, 12,700,800 + 32,514,048 = 45,214,848 multiplies', () => {
    expect(depthwiseConv2dParams({ kernelSize: 5, inputChannels: 32, useBias: false })).toBe(800);
    expect(separableConv2dParams({ kernelSize: 5, inputChannels: 32, filters: 64 })).toBe(2_912);
    expect(separableConv2dMultiplies({ inputShape: [130, 130, 32], filters: 64, kernelSize: 5 })).toEqual({
      depthwise: 12_700_800,
      pointwise: 32_514_048,
      total: 45_214_848,
    });
  });

  it('the seed ratios 17.6× (params) and 17.9× (multiplies) are the exact ratios, truncated to one decimal', () => {
    const paramRatio = 51_264 / separableConv2dParams({ kernelSize: 5, inputChannels: 32, filters: 64 });
    const multRatio =
      conv2dMultiplies({ inputShape: [130, 130, 32], filters: 64, kernelSize: 5 }) /
      separableConv2dMultiplies({ inputShape: [130, 130, 32], filters: 64, kernelSize: 5 }).total;
    expect(Math.trunc(paramRatio * 10) / 10).toBe(17.6);
    expect(Math.trunc(multRatio * 10) / 10).toBe(17.9);
    // rounded, the multiply ratio would read 18.0: the seed truncates
    expect(multRatio).toBeCloseTo(17.9775, 4);
  });

  it('Keras Dense(4) → Dense(5) → Dense(2) on 3 inputs: 16 + 25 + 12 = 53 (seed 001)', () => {
    expect(denseStackParams({ inputUnits: 3, units: [4, 5, 2] })).toEqual({ perLayer: [16, 25, 12], total: 53 });
  });

  const poolInput = [
    [8, 7, 5, 3],
    [12, 9, 5, 7],
    [13, 2, 10, 3],
    [9, 4, 5, 14],
  ];
  it('2×2 max pooling, stride 2 → [[12,7],[13,14]] (seed 000)', () => {
    expect(pool2d({ input: poolInput, poolSize: 2, mode: 'max' })).toEqual([
      [12, 7],
      [13, 14],
    ]);
  });
  it('2×2 average pooling, stride 2 → [[9,5],[7,8]] (seed 000)', () => {
    expect(pool2d({ input: poolInput, poolSize: 2, mode: 'avg' })).toEqual([
      [9, 5],
      [7, 8],
    ]);
  });
  it('max pool of [[1,2,5,3],[3,0,1,2],[2,1,3,4],[1,1,2,0]] → [[3,5],[2,4]] (seed 003)', () => {
    const input = [
      [1, 2, 5, 3],
      [3, 0, 1, 2],
      [2, 1, 3, 4],
      [1, 1, 2, 0],
    ];
    expect(pool2d({ input, poolSize: 2, mode: 'max' })).toEqual([
      [3, 5],
      [2, 4],
    ]);
  });

  it('4×4 image ★ sharpen kernel + bias 5 → [[11,12],[15,16]] (seed 000)', () => {
    const input = [
      [1, 2, 3, 4],
      [5, 6, 7, 8],
      [9, 10, 11, 12],
      [13, 14, 15, 16],
    ];
    const sharpen = [
      [0, -1, 0],
      [-1, 5, -1],
      [0, -1, 0],
    ];
    expect(crossCorrelate2d({ input, kernel: sharpen, bias: 5 })).toEqual([
      [11, 12],
      [15, 16],
    ]);
  });

  it('vertical Sobel on the 4×4 image gives 29 and −192 in the first row (seed 002); the row the notes leave as "?" is −35, −22', () => {
    const input = [
      [0, 50, 0, 29],
      [0, 80, 31, 2],
      [33, 90, 0, 75],
      [0, 9, 0, 95],
    ];
    const sobel = [
      [-1, 0, 1],
      [-2, 0, 2],
      [-1, 0, 1],
    ];
    expect(crossCorrelate2d({ input, kernel: sobel })).toEqual([
      [29, -192],
      [-35, -22],
    ]);
  });

  it('2×2 input [[0,1],[2,3]] transposed-conv with kernel [[0,1],[2,3]] → [[0,0,1],[0,4,6],[4,12,9]] (seed 000)', () => {
    const m = [
      [0, 1],
      [2, 3],
    ];
    expect(transposedConv2d({ input: m, kernel: m })).toEqual([
      [0, 0, 1],
      [0, 4, 6],
      [4, 12, 9],
    ]);
  });

  it('LeNet-5 on 32×32: 28, 14, 10, 5, 1 with 6, 6, 16, 16, 120 maps, then 84 and 10 (seed 003, Table 14-1)', () => {
    const rows = shapeTable({ architecture: LENET5 });
    expect(rows.map((r) => [r.layer.name, ...r.outputShape])).toEqual([
      ['C1', 28, 28, 6],
      ['S2', 14, 14, 6],
      ['C3', 10, 10, 16],
      ['S4', 5, 5, 16],
      ['C5', 1, 1, 120],
      ['F6', 84],
      ['Out', 10],
    ]);
    expect(rows.every((r) => r.exact)).toBe(true);
  });

  it('AlexNet on 227×227×3: 55, 27, 27, 13, 13, 13, 13 (seed 003, Table 14-2)', () => {
    const rows = shapeTable({ architecture: ALEXNET });
    expect(rows.map((r) => [r.layer.name, ...r.outputShape])).toEqual([
      ['C1', 55, 55, 96],
      ['S2', 27, 27, 96],
      ['C3', 27, 27, 256],
      ['S4', 13, 13, 256],
      ['C5', 13, 13, 384],
      ['C6', 13, 13, 384],
      ['C7', 13, 13, 256],
      ['F8', 4096],
      ['F9', 4096],
      ['Out', 1000],
    ]);
  });
});

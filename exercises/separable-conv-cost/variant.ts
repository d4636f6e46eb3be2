import { conv2dMultiplies, conv2dParams, separableConv2dMultiplies, separableConv2dParams } from '@/lib/cnn';
import { fmtReal, texInt } from '@/lib/exercises/numeric/format';
import { defineNumericExercise } from '@/lib/exercises/numeric/types';

// Seed example (notes 000): 5×5, 32 → 64 channels, 126×126 output:
// 51,264 vs 2,912 parameters, 812,851,200 vs 45,214,848 multiplies,
// "17.6× fewer parameters, 17.9× fewer operations" (the notes truncate 17.98).

export interface SeparableConvCostParams {
  inputHeight: number;
  inputWidth: number;
  inputChannels: number;
  kernelSize: number;
  filters: number;
}

function costs(p: SeparableConvCostParams) {
  const layer = { inputShape: [p.inputHeight, p.inputWidth, p.inputChannels] as const, filters: p.filters, kernelSize: p.kernelSize };
  const standardParams = conv2dParams(layer);
  const separableParams = separableConv2dParams(layer);
  const standardMults = conv2dMultiplies(layer);
  const separable = separableConv2dMultiplies(layer);
  return {
    standardParams,
    separableParams,
    standardMults,
    separableMults: separable.total,
    depthwiseMults: separable.depthwise,
    pointwiseMults: separable.pointwise,
    paramRatio: standardParams / separableParams,
    multRatio: standardMults / separable.total,
  };
}

export const exercise = defineNumericExercise<SeparableConvCostParams>({
  generate(rng) {
    const kernelSize = rng.pick([3, 3, 5, 5, 7]);
    const outH = rng.int(14, 128);
    const outW = rng.next() < 0.7 ? outH : rng.int(14, 128);
    return {
      inputHeight: outH + kernelSize - 1,
      inputWidth: outW + kernelSize - 1,
      inputChannels: rng.pick([8, 16, 24, 32, 48, 64, 96, 128]),
      kernelSize,
      filters: rng.pick([16, 32, 64, 96, 128, 192, 256]),
    };
  },
  promptValues: (p) => ({
    ...p,
    outputHeight: p.inputHeight - p.kernelSize + 1,
    outputWidth: p.inputWidth - p.kernelSize + 1,
  }),
  fields: () => [
    { name: 'standardParams', label: 'Standard convolution: parameters', type: 'integer' },
    { name: 'separableParams', label: 'Separable convolution: parameters', type: 'integer' },
    { name: 'standardMults', label: 'Standard convolution: multiplications', type: 'integer' },
    { name: 'separableMults', label: 'Separable convolution: multiplications', type: 'integer' },
    { name: 'paramRatio', label: 'Parameter ratio (standard ÷ separable)', type: 'real', unit: '×' },
    { name: 'multRatio', label: 'Multiplication ratio (standard ÷ separable)', type: 'real', unit: '×' },
  ],
  answer(p) {
    const c = costs(p);
    return {
      standardParams: c.standardParams,
      separableParams: c.separableParams,
      standardMults: c.standardMults,
      separableMults: c.separableMults,
      paramRatio: c.paramRatio,
      multRatio: c.multRatio,
    };
  },
  solution(p) {
    const c = costs(p);
    const { kernelSize: k, inputChannels: cin, filters: K } = p;
    const oh = p.inputHeight - k + 1;
    const ow = p.inputWidth - k + 1;
    const grid = `(${oh} \\times ${ow})`;
    return [
      `The output grid is $${oh} \\times ${ow}$ (valid padding, stride 1: $${p.inputHeight} - ${k} + 1 = ${oh}$).`,
      '',
      '**Standard convolution**',
      '',
      `$$\\text{params} = (${k} \\times ${k} \\times ${cin} + 1) \\times ${K} = ${texInt(c.standardParams)}$$`,
      '',
      `$$\\text{multiplications} = ${grid} \\times (${k} \\times ${k} \\times ${cin}) \\times ${K} = ${texInt(c.standardMults)}$$`,
      '',
      '**Depthwise-separable convolution**',
      '',
      `$$w_1 = ${k} \\times ${k} \\times ${cin} = ${texInt(k * k * cin)} \\qquad w_2 = (1 \\times 1 \\times ${cin} + 1) \\times ${K} = ${texInt((cin + 1) * K)}$$`,
      '',
      `$$w_1 + w_2 = ${texInt(c.separableParams)}$$`,
      '',
      `$$t_1 = ${grid} \\times (${k} \\times ${k} \\times ${cin}) \\times 1 = ${texInt(c.depthwiseMults)} \\qquad t_2 = ${grid} \\times (1 \\times 1 \\times ${cin}) \\times ${K} = ${texInt(c.pointwiseMults)}$$`,
      '',
      `$$t_1 + t_2 = ${texInt(c.separableMults)}$$`,
      '',
      '**Ratios**',
      '',
      `$$\\frac{${texInt(c.standardParams)}}{${texInt(c.separableParams)}} \\approx ${fmtReal(c.paramRatio, 2)} \\qquad \\frac{${texInt(c.standardMults)}}{${texInt(c.separableMults)}} \\approx ${fmtReal(c.multRatio, 2)}$$`,
      '',
      `The multiplication ratio is exactly $\\frac{k^2 K}{k^2 + K} = \\frac{${k * k} \\cdot ${K}}{${k * k} + ${K}}$ (every output position pays $k^2 C_{in}$ multiplies per filter in the standard layer, $C_{in}(k^2 + K)$ in all for the separable one); the parameter ratio is close to it because the biases are few.`,
    ].join('\n');
  },
});

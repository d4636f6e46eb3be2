import { ARCHITECTURES, shapeTable, type Architecture, type LayerSpec } from '@/lib/cnn';
import { texInt } from '@/lib/exercises/numeric/format';
import { defineNumericExercise, type AnswerField } from '@/lib/exercises/numeric/types';

// Seed (notes 003, Tables 14-1 and 14-2): LeNet-5 on 32×32 gives 28, 14, 10, 5, 1;
// AlexNet on 227×227×3 gives 55, 27, 27, 13, 13, 13, 13. Variants change the input size.

export interface LenetShapesParams {
  architecture: 'lenet5' | 'alexnet';
  inputHeight: number;
  inputWidth: number;
  inputChannels: number;
}

// Ranges in which every layer still has at least one output pixel.
const INPUT_RANGE = { lenet5: [32, 64], alexnet: [179, 291] } as const;

function spatialLayers(arch: Architecture): Exclude<LayerSpec, { type: 'dense' }>[] {
  return arch.layers.filter((l): l is Exclude<LayerSpec, { type: 'dense' }> => l.type !== 'dense');
}

function rows(p: LenetShapesParams) {
  return shapeTable({ architecture: ARCHITECTURES[p.architecture], inputShape: [p.inputHeight, p.inputWidth, p.inputChannels] });
}

function describeType(l: LayerSpec): string {
  return l.type === 'conv' ? 'Convolution' : l.type === 'avgpool' ? 'Avg Pooling' : l.type === 'maxpool' ? 'Max Pooling' : 'Fully Connected';
}

function markdownTable(arch: Architecture, p: LenetShapesParams): string {
  const lines = [
    '| Layer | Type | Maps | Kernel size | Stride | Padding | Output (H × W × maps) |',
    '|---|---|---|---|---|---|---|',
    `| In | Input | ${p.inputChannels} | – | – | – | ${p.inputHeight} × ${p.inputWidth} × ${p.inputChannels} |`,
  ];
  for (const l of arch.layers) {
    if (l.type === 'dense') {
      lines.push(`| ${l.name} | Fully Connected | – | – | – | – | ${l.units} units |`);
    } else {
      const k = l.type === 'conv' ? l.kernelSize : l.poolSize;
      const maps = l.type === 'conv' ? String(l.filters) : '?';
      lines.push(`| ${l.name} | ${describeType(l)} | ${maps} | ${k} × ${k} | ${l.stride} | ${String(l.padding).toUpperCase()} | ? |`);
    }
  }
  return lines.join('\n');
}

export const exercise = defineNumericExercise<LenetShapesParams>({
  generate(rng) {
    const architecture = rng.pick(['lenet5', 'alexnet'] as const);
    const [lo, hi] = INPUT_RANGE[architecture];
    const inputHeight = rng.int(lo, hi);
    return {
      architecture,
      inputHeight,
      inputWidth: rng.next() < 0.4 ? inputHeight : rng.int(lo, hi),
      inputChannels: architecture === 'lenet5' ? rng.pick([1, 3]) : 3,
    };
  },
  promptValues(p) {
    const arch = ARCHITECTURES[p.architecture];
    const [h, w, c] = arch.defaultInput;
    return {
      ...p,
      title: arch.title,
      tableRef: p.architecture === 'lenet5' ? 'Table 14-1' : 'Table 14-2',
      usualInput: `$${h} \\times ${w} \\times ${c}$`,
      table: markdownTable(arch, p),
      firstDense: arch.layers.find((l) => l.type === 'dense')!.name,
    };
  },
  fields(p): AnswerField[] {
    const arch = ARCHITECTURES[p.architecture];
    const fields: AnswerField[] = [];
    for (const l of spatialLayers(arch)) {
      fields.push(
        { name: `${l.name}_height`, label: `${l.name} output height`, type: 'integer' },
        { name: `${l.name}_width`, label: `${l.name} output width`, type: 'integer' },
        { name: `${l.name}_channels`, label: `${l.name} output maps (channels)`, type: 'integer' },
      );
    }
    const dense = arch.layers.find((l) => l.type === 'dense')!;
    fields.push({ name: 'flatten', label: `Inputs to ${dense.name} (flattened)`, type: 'integer' });
    return fields;
  },
  answer(p) {
    const answer: Record<string, number> = {};
    let flatten = 0;
    for (const row of rows(p)) {
      if (row.layer.type === 'dense') {
        if (!flatten) flatten = row.inputShape.reduce((a, b) => a * b, 1);
        continue;
      }
      const [h, w, c] = row.outputShape;
      answer[`${row.layer.name}_height`] = h!;
      answer[`${row.layer.name}_width`] = w!;
      answer[`${row.layer.name}_channels`] = c!;
    }
    return { ...answer, flatten };
  },
  solution(p) {
    const lines = [
      'Go through the layers in order; each one\'s output is the next one\'s input. Along each side of length $L$:',
      '',
      '- `VALID`: $\\lfloor (L - k) / s \\rfloor + 1$',
      '- `SAME`: $\\lceil L / s \\rceil$ (stride 1 keeps the size)',
      '- a convolution outputs as many maps as it has filters; pooling keeps the number of maps.',
      '',
    ];
    let flatten = 0;
    for (const row of rows(p)) {
      const l = row.layer;
      if (l.type === 'dense') {
        if (!flatten) {
          flatten = row.inputShape.reduce((a, b) => a * b, 1);
          lines.push(
            '',
            `${l.name} flattens ${row.inputShape.join(' × ')}: $${row.inputShape.join(' \\times ')} = ${texInt(flatten)}$ inputs.`,
          );
        }
        continue;
      }
      const [ih, iw] = row.inputShape;
      const [oh, ow, oc] = row.outputShape;
      const k = l.type === 'conv' ? l.kernelSize : l.poolSize;
      const side = (L: number, out: number) =>
        l.padding === 'same' ? `\\lceil ${L} / ${l.stride} \\rceil = ${out}` : `\\lfloor (${L} - ${k}) / ${l.stride} \\rfloor + 1 = ${out}`;
      const sides = ih === iw ? `$${side(ih!, oh!)}$` : `height $${side(ih!, oh!)}$, width $${side(iw!, ow!)}$`;
      const maps = l.type === 'conv' ? `${l.filters} filters` : 'maps unchanged';
      lines.push(`- **${l.name}** (${describeType(l)}, ${k}×${k}, stride ${l.stride}): ${sides}; ${maps} → $${oh} \\times ${ow} \\times ${oc}$`);
    }
    return lines.join('\n');
  },
});

import { conv2dOutputShape, convDivisionIsExact, convOutputLength } from '@/lib/cnn';
import type { Rng } from '@/lib/grading/rng';
import { fmtReal } from '@/lib/exercises/numeric/format';
import { defineNumericExercise } from '@/lib/exercises/numeric/types';

// Seed example (notes 000): 256×256×3 input, five 4×4×3 kernels, stride 2,
// padding 0 → 127×127×5. Half of the variants have a stride that does not
// divide the span, so the floor matters.

export interface ConvOutputSizeParams {
  inputHeight: number;
  inputWidth: number;
  inputChannels: number;
  kernelSize: number;
  stride: number;
  padding: number;
  dilation: number;
  filters: number;
}

function drawSize(rng: Rng): number {
  return rng.next() < 0.5 ? rng.int(7, 64) : rng.int(65, 256);
}

function draw(rng: Rng): ConvOutputSizeParams {
  const inputHeight = drawSize(rng);
  const inputWidth = rng.next() < 0.6 ? inputHeight : drawSize(rng);
  const kernelSize = rng.pick([1, 2, 3, 3, 3, 4, 5, 5, 7, 11]);
  return {
    inputHeight,
    inputWidth,
    inputChannels: rng.pick([1, 3, 3, 16, 32, 64, 128]),
    kernelSize,
    stride: rng.pick([1, 1, 2, 2, 2, 3, 4]),
    padding: rng.int(0, Math.floor(kernelSize / 2)),
    dilation: kernelSize > 1 && rng.next() < 0.25 ? rng.int(2, 3) : 1,
    filters: rng.pick([4, 5, 6, 8, 10, 12, 16, 20, 24, 32, 48, 64, 96, 128, 256]),
  };
}

function dims(p: ConvOutputSizeParams) {
  return [p.inputHeight, p.inputWidth].map((inputLength) => ({
    inputLength,
    kernelSize: p.kernelSize,
    stride: p.stride,
    padding: p.padding,
    dilation: p.dilation,
  }));
}

function fits(p: ConvOutputSizeParams): boolean {
  return p.dilation * (p.kernelSize - 1) + 1 <= Math.min(p.inputHeight, p.inputWidth) + 2 * p.padding;
}

function exact(p: ConvOutputSizeParams): boolean {
  return dims(p).every((d) => convDivisionIsExact(d));
}

function shape(p: ConvOutputSizeParams) {
  return conv2dOutputShape({
    inputShape: [p.inputHeight, p.inputWidth, p.inputChannels],
    filters: p.filters,
    kernelSize: p.kernelSize,
    strides: p.stride,
    padding: p.padding,
    dilation: p.dilation,
  });
}

export const exercise = defineNumericExercise<ConvOutputSizeParams>({
  generate(rng) {
    const wantInexact = rng.next() < 0.5;
    let last = draw(rng);
    for (let attempt = 0; attempt < 200; attempt++) {
      const p = attempt === 0 ? last : draw(rng);
      if (!fits(p)) continue;
      last = p;
      if (exact(p) !== wantInexact) return p;
    }
    return fits(last) ? last : { ...last, kernelSize: 3, dilation: 1, padding: 1 };
  },
  promptValues: (p) => ({ ...p }),
  fields: () => [
    { name: 'height', label: 'Output height', type: 'integer' },
    { name: 'width', label: 'Output width', type: 'integer' },
    { name: 'channels', label: 'Output channels', type: 'integer' },
  ],
  answer(p) {
    const [height, width, channels] = shape(p);
    return { height, width, channels };
  },
  solution(p) {
    const { padding: pad, dilation: d, kernelSize: k, stride: s } = p;
    const lines = ['Each spatial dimension follows PyTorch\'s formula:', '', '$$L_{out} = \\left\\lfloor \\frac{L_{in} + 2p - d\\,(k-1) - 1}{s} + 1 \\right\\rfloor$$', ''];
    const names = ['height', 'width'] as const;
    const seen = new Map<number, number>();
    dims(p).forEach((dim, i) => {
      const L = dim.inputLength;
      const out = convOutputLength(dim);
      if (seen.has(L)) {
        lines.push(`The ${names[i]} is computed the same way from the same input size: $W_{out} = ${out}$.`, '');
        return;
      }
      seen.set(L, out);
      const span = L + 2 * pad - d * (k - 1) - 1;
      const sym = i === 0 ? 'H' : 'W';
      lines.push(
        `Output ${names[i]}:`,
        '',
        `$$${sym}_{out} = \\left\\lfloor \\frac{${L} + 2 \\cdot ${pad} - ${d} \\cdot (${k} - 1) - 1}{${s}} + 1 \\right\\rfloor = \\left\\lfloor \\frac{${span}}{${s}} + 1 \\right\\rfloor = \\lfloor ${fmtReal(span / s + 1)} \\rfloor = ${out}$$`,
        '',
      );
      if (span % s !== 0) {
        lines.push(
          `The stride ${s} does not divide ${span}: the last ${span % s} row(s)/column(s) of the padded input are never reached by a window, and the floor drops them.`,
          '',
        );
      }
    });
    lines.push(
      `Output channels: every filter spans all ${p.inputChannels} input channels and produces one output channel, so the output has as many channels as there are filters: ${p.filters}.`,
      '',
      `**Answer:** $${shape(p).join(' \\times ')}$.`,
    );
    return lines.join('\n');
  },
});

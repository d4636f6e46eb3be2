import { zeros2, zeros3, type T2, type T3 } from '@/lib/exercises/code/tensor';

// Trusted reference: the notes' Conv3x3 (valid padding, no bias), run outside the sandbox.
export class Conv3x3 {
  numFilters: number;
  filters: T3;
  private lastInput: T2 = [];

  constructor(numFilters: number) {
    this.numFilters = numFilters;
    this.filters = Array.from({ length: numFilters }, () => zeros2(3, 3).map((r) => r.map(() => gaussian() / 9)));
  }

  forward(input: T2): T3 {
    this.lastInput = input;
    const h = input.length;
    const w = input[0]!.length;
    const out = zeros3(h - 2, w - 2, this.numFilters);
    for (let i = 0; i < h - 2; i++)
      for (let j = 0; j < w - 2; j++)
        for (let f = 0; f < this.numFilters; f++) {
          let s = 0;
          for (let a = 0; a < 3; a++) for (let b = 0; b < 3; b++) s += input[i + a]![j + b]! * this.filters[f]![a]![b]!;
          out[i]![j]![f] = s;
        }
    return out;
  }

  backprop(dLdOut: T3, learnRate: number): null {
    const grad = filterGradient(this.lastInput, dLdOut, this.numFilters);
    for (let f = 0; f < this.numFilters; f++)
      for (let a = 0; a < 3; a++) for (let b = 0; b < 3; b++) this.filters[f]![a]![b]! -= learnRate * grad[f]![a]![b]!;
    return null;
  }
}

export function filterGradient(input: T2, dLdOut: T3, numFilters: number): T3 {
  const grad = Array.from({ length: numFilters }, () => zeros2(3, 3));
  for (let i = 0; i < input.length - 2; i++)
    for (let j = 0; j < input[0]!.length - 2; j++)
      for (let f = 0; f < numFilters; f++) {
        const g = dLdOut[i]![j]![f]!;
        for (let a = 0; a < 3; a++) for (let b = 0; b < 3; b++) grad[f]![a]![b]! += g * input[i + a]![j + b]!;
      }
  return grad;
}

function gaussian(): number {
  const u = Math.max(Math.random(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * Math.random());
}

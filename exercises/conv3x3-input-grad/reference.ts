import { Conv3x3 as NotesConv3x3, filterGradient } from '../conv3x3/reference';
import { zeros2, type T2, type T3 } from '@/lib/exercises/code/tensor';

// Trusted reference: the notes' Conv3x3, but backprop also returns dL/dinput so the
// layer can sit deeper in a network. The input gradient uses the filters from
// before this step's update.
export class Conv3x3 {
  private inner: NotesConv3x3;
  private lastInput: T2 = [];

  constructor(numFilters: number) {
    this.inner = new NotesConv3x3(numFilters);
  }

  get filters(): T3 {
    return this.inner.filters;
  }

  set filters(value: T3) {
    this.inner.filters = value;
  }

  forward(input: T2): T3 {
    this.lastInput = input;
    return this.inner.forward(input);
  }

  backprop(dLdOut: T3, learnRate: number): T2 {
    const input = this.lastInput;
    const h = input.length;
    const w = input[0]!.length;
    const n = this.inner.numFilters;
    const dInput = zeros2(h, w);
    for (let i = 0; i < h - 2; i++)
      for (let j = 0; j < w - 2; j++)
        for (let f = 0; f < n; f++) {
          const g = dLdOut[i]![j]![f]!;
          for (let a = 0; a < 3; a++) for (let b = 0; b < 3; b++) dInput[i + a]![j + b]! += g * this.filters[f]![a]![b]!;
        }
    const grad = filterGradient(input, dLdOut, n);
    for (let f = 0; f < n; f++)
      for (let a = 0; a < 3; a++) for (let b = 0; b < 3; b++) this.filters[f]![a]![b]! -= learnRate * grad[f]![a]![b]!;
    return dInput;
  }
}

import { zeros3, type T3 } from '@/lib/exercises/code/tensor';

// Trusted reference: the notes' MaxPool2 (2×2 windows, stride 2; an odd last row or
// column is dropped). The gradient goes to every position equal to its window's max,
// as in the notes; the test inputs never contain ties.
export class MaxPool2 {
  private lastInput: T3 = [];

  forward(input: T3): T3 {
    this.lastInput = input;
    const h = Math.floor(input.length / 2);
    const w = Math.floor(input[0]!.length / 2);
    const d = input[0]![0]!.length;
    const out = zeros3(h, w, d);
    for (let i = 0; i < h; i++)
      for (let j = 0; j < w; j++)
        for (let f = 0; f < d; f++) out[i]![j]![f] = windowMax(input, i, j, f);
    return out;
  }

  backprop(dLdOut: T3): T3 {
    const input = this.lastInput;
    const d = input[0]![0]!.length;
    const dInput = zeros3(input.length, input[0]!.length, d);
    for (let i = 0; i < Math.floor(input.length / 2); i++)
      for (let j = 0; j < Math.floor(input[0]!.length / 2); j++)
        for (let f = 0; f < d; f++) {
          const max = windowMax(input, i, j, f);
          for (let a = 0; a < 2; a++)
            for (let b = 0; b < 2; b++)
              if (input[2 * i + a]![2 * j + b]![f] === max) dInput[2 * i + a]![2 * j + b]![f] = dLdOut[i]![j]![f]!;
        }
    return dInput;
  }
}

function windowMax(input: T3, i: number, j: number, f: number): number {
  let m = -Infinity;
  for (let a = 0; a < 2; a++) for (let b = 0; b < 2; b++) m = Math.max(m, input[2 * i + a]![2 * j + b]![f]!);
  return m;
}

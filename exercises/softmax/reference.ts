import { flatten, reshape, shapeOf, zeros2, type T1, type T2 } from '@/lib/exercises/code/tensor';

// Trusted reference: the notes' Softmax layer (dense + softmax). The input gradient
// is computed with the weights from before this step's update. Written for any
// d_L_d_out; the tests, like the notes, use one non-zero entry.
export class Softmax {
  weights: T2;
  biases: T1;
  private lastShape: number[] = [];
  private lastInput: T1 = [];
  private lastTotals: T1 = [];

  constructor(inputLen: number, nodes: number) {
    this.weights = zeros2(inputLen, nodes).map((r) => r.map(() => (Math.random() - 0.5) / inputLen));
    this.biases = new Array<number>(nodes).fill(0);
  }

  forward(input: unknown): T1 {
    this.lastShape = shapeOf(input);
    const x = flatten(input);
    this.lastInput = x;
    const nodes = this.biases.length;
    const totals = this.biases.slice();
    for (let k = 0; k < x.length; k++) for (let n = 0; n < nodes; n++) totals[n]! += x[k]! * this.weights[k]![n]!;
    this.lastTotals = totals;
    return softmax(totals);
  }

  backprop(dLdOut: T1, learnRate: number): unknown {
    const p = softmax(this.lastTotals);
    const nodes = p.length;
    // dL/dtotals = J^T dLdOut with J[i][j] = p_i (δij − p_j)
    const dot = dLdOut.reduce((s, g, i) => s + g * p[i]!, 0);
    const dT = p.map((pj, j) => pj * (dLdOut[j]! - dot));
    const x = this.lastInput;
    const dInput = x.map((_, k) => dT.reduce((s, t, n) => s + t * this.weights[k]![n]!, 0));
    for (let k = 0; k < x.length; k++) for (let n = 0; n < nodes; n++) this.weights[k]![n]! -= learnRate * x[k]! * dT[n]!;
    for (let n = 0; n < nodes; n++) this.biases[n]! -= learnRate * dT[n]!;
    return reshape(dInput, this.lastShape);
  }
}

function softmax(totals: T1): T1 {
  const m = Math.max(...totals);
  const e = totals.map((t) => Math.exp(t - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
}

import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadExercise } from '../../../lib/exercises/load';
import { Conv3x3 } from '../../../exercises/conv3x3/reference';
import { Conv3x3 as Conv3x3InputGrad } from '../../../exercises/conv3x3-input-grad/reference';
import { conv2d } from '../../../exercises/conv2d/reference';
import { MaxPool2 } from '../../../exercises/maxpool2/reference';
import { Softmax } from '../../../exercises/softmax/reference';
import { discoverExercises } from '../../../lib/exercises/discover';

const code = await discoverExercises();
const listCodeExercises = () => code.codeIds().map((id) => [id, code.code(id)!] as const);
import { runReferenceSteps } from '../../../lib/exercises/code/run-steps';
import { createRng } from '../../../lib/grading/rng';
import { ZVisibility } from '../../../lib/grading/results';
import { randomTensor } from '../../../lib/exercises/code/tensor';

// The code exercises' folders, cases and trusted references.

describe('code exercise registry', () => {
  it.each(listCodeExercises())('%s has a complete folder whose points match its checks', (id, ex) => {
    const info = loadExercise(path.resolve('exercises', id));
    expect(info.meta.kind).toBe('code');
    expect(info.meta.languages.sort()).toEqual(['javascript', 'python', 'typescript']);
    expect(Object.keys(info.starters).sort()).toEqual(['javascript', 'python', 'typescript']);
    expect(info.prompt.length).toBeGreaterThan(200);
    for (const f of ['reference.ts', 'cases.ts']) expect(fs.existsSync(path.join(info.dir, f))).toBe(true);
    const cases = ex.cases();
    const total = cases.flatMap((c) => c.checks).reduce((s, k) => s + k.points, 0);
    expect(total).toBeCloseTo(info.meta.points, 9);
    expect(cases.some((c) => c.visibility === 'visible')).toBe(true);
    expect(cases.some((c) => c.visibility === 'after_due_date')).toBe(true);
    // every exercise keeps one case whose output students never see
    expect(cases.some((c) => c.visibility === 'hidden')).toBe(true);
    for (const c of cases) expect(ZVisibility.parse(c.visibility)).toBe(c.visibility);
    expect(new Set(cases.map((c) => c.id)).size).toBe(cases.length);
    for (const c of cases) for (const k of c.checks) expect(k.step).toBeLessThan(c.steps.length);
    // seeded: identical inputs on every call
    expect(JSON.stringify(ex.cases())).toBe(JSON.stringify(cases));
  });

  it("reproduces the notes' worked example: 29 and −192 from the 4×4 image and the Sobel filter", () => {
    const conv = new Conv3x3(1);
    conv.filters = [[[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]]];
    const out = conv.forward([[0, 50, 0, 29], [0, 80, 31, 2], [33, 90, 0, 75], [0, 9, 0, 95]]);
    expect(out[0]!.map((v) => v[0])).toEqual([29, -192]);
    const img = [[0, 50, 0, 29], [0, 80, 31, 2], [33, 90, 0, 75], [0, 9, 0, 95]];
    expect(conv2d(img, [[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]], 1, 0)[0]).toEqual([29, -192]);
    expect(conv2d(img, [[1]], 1, 1)).toHaveLength(6); // (4 + 2 − 1) / 1 + 1
    expect(conv2d(img, [[1, 1], [1, 1]], 2, 0)).toEqual([[130, 62], [132, 170]]);
  });
});

// Finite differences: the references' gradients agree with their own forward passes.
describe('reference gradients', () => {
  const rng = createRng('reference-gradients');
  const eps = 1e-6;
  const lossOf = (out: number[][][], w: number[][][]) => out.flat(2).reduce((s, v, i) => s + v * w.flat(2)[i]!, 0);

  it('Conv3x3: filter update and input gradient', () => {
    const input = randomTensor(rng, [6, 5]) as number[][];
    const filters = randomTensor(rng, [2, 3, 3]) as number[][][];
    const upstream = randomTensor(rng, [4, 3, 2]) as number[][][];
    const layer = new Conv3x3InputGrad(2);
    layer.filters = structuredClone(filters);
    layer.forward(input);
    const dInput = layer.backprop(upstream, 1); // lr 1: filters become filters − dL/dfilters
    const loss = (f: number[][][], x: number[][]) => {
      const c = new Conv3x3(2);
      c.filters = f;
      return lossOf(c.forward(x), upstream);
    };
    const base = loss(filters, input);
    const f2 = structuredClone(filters);
    f2[1]![2]![0]! += eps;
    expect(filters[1]![2]![0]! - layer.filters[1]![2]![0]!).toBeCloseTo((loss(f2, input) - base) / eps, 4);
    const x2 = structuredClone(input);
    x2[3]![2]! += eps;
    expect(dInput[3]![2]!).toBeCloseTo((loss(filters, x2) - base) / eps, 4);
  });

  it('MaxPool2: gradient only at each window max, an odd last row gets none', () => {
    const input = randomTensor(rng, [5, 4, 2]) as number[][][];
    const pool = new MaxPool2();
    const out = pool.forward(input);
    expect([out.length, out[0]!.length, out[0]![0]!.length]).toEqual([2, 2, 2]);
    const up = randomTensor(rng, [2, 2, 2]) as number[][][];
    const d = pool.backprop(up);
    expect(d[4]!.flat()).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
    const x2 = structuredClone(input);
    const nz = d.flat(2).findIndex((v) => v !== 0);
    const [i, j, f] = [Math.floor(nz / 8), Math.floor(nz / 2) % 4, nz % 2];
    x2[i]![j]![f]! += eps;
    const num = (lossOf(new MaxPool2().forward(x2), up) - lossOf(out, up)) / eps;
    expect(d[i]![j]![f]!).toBeCloseTo(num, 4);
  });

  it('Softmax: input gradient and weights update against finite differences of the loss', () => {
    const input = randomTensor(rng, [2, 3]) as number[][];
    const sm = new Softmax(6, 4);
    sm.weights = randomTensor(rng, [6, 4], 0.5) as number[][];
    sm.biases = randomTensor(rng, [4], 0.1) as number[];
    const w0 = structuredClone(sm.weights);
    const b0 = structuredClone(sm.biases);
    const label = 2;
    const p = sm.forward(input);
    const grad = p.map((q, i) => (i === label ? -1 / q : 0));
    const dInput = sm.backprop(grad, 1) as number[][];
    const loss = (w: number[][], x: number[][]) => {
      const s = new Softmax(6, 4);
      s.weights = w;
      s.biases = structuredClone(b0);
      return -Math.log(s.forward(x)[label]!);
    };
    const base = loss(w0, input);
    const x2 = structuredClone(input);
    x2[1]![0]! += eps;
    expect(dInput[1]![0]!).toBeCloseTo((loss(w0, x2) - base) / eps, 4);
    const w2 = structuredClone(w0);
    w2[4]![1]! += eps;
    expect(w0[4]![1]! - sm.weights[4]![1]!).toBeCloseTo((loss(w2, input) - base) / eps, 4);
    expect(sm.biases.reduce((s, b, i) => s + (b0[i]! - b), 0)).toBeCloseTo(0, 9); // dL/dtotals sums to 0
  });

  it('Softmax cases: each d_L_d_out has one non-zero entry, and no entry is derived from the expected probabilities', () => {
    const ex = code.code('softmax')!;
    for (const c of ex.cases()) {
      const outcomes = runReferenceSteps(ex, c.steps);
      const probabilities = c.steps.flatMap((s, i) => (s.op === 'call' && s.method === 'forward' ? [outcomes[i]!] : [])).flatMap((o) => ('ok' in o ? (o.ok as number[]) : []));
      const grads = c.steps.flatMap((s) => (s.op === 'call' && s.method === 'backprop' ? [s.args[0] as number[]] : []));
      expect(grads.length).toBeGreaterThan(0);
      for (const g of grads) {
        const nonZero = g.filter((v) => v !== 0);
        expect(nonZero).toHaveLength(1);
        // −1/p, −p, log p... of any reference probability would leak it into the box
        for (const p of probabilities) {
          expect(Math.abs(nonZero[0]! + 1 / p)).toBeGreaterThan(1e-6);
          expect(Math.abs(nonZero[0]! + p)).toBeGreaterThan(1e-6);
        }
      }
    }
  });
});

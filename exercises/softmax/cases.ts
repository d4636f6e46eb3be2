import { createRng, type Rng } from '@/lib/grading/rng';
import { CaseBuilder } from '@/lib/exercises/code/case-builder';
import { randomTensor, round } from '@/lib/exercises/code/tensor';
import type { CodeCase, CodeExercise, Visibility } from '@/lib/exercises/code/types';
import { Softmax } from './reference';

// Hidden tests for Softmax. Like the notes' training loop, d_L_d_out has a single
// non-zero entry (the notes' backprop relies on that: it skips zero entries and
// returns the last non-zero one's gradient). The notes use −1/p[label] from the
// forward output; here the entry is seeded and independent of any output, because
// everything in a case's steps enters the box and a value derived from the
// reference's probabilities would hand the student the expected forward output.

const HINT = {
  weightsShape: 'the constructor must create `weights` of shape (input_len, nodes) and `biases` of shape (nodes,).',
  shape: 'forward flattens the input and returns one probability per node: shape (nodes,).',
  values: 'totals = flatten(input) · weights + biases; out = exp(totals) / Σ exp(totals).',
  gradInput: 'dL/dinput = weights · dL/dtotals (with the weights from BEFORE this update), reshaped to the last input\'s shape.',
  weights: 'dL/dweights = outer(last flattened input, dL/dtotals); weights −= learn_rate · dL/dweights.',
  biases: 'dL/dbiases = dL/dtotals; biases −= learn_rate · dL/dbiases.',
};

export const exercise: CodeExercise = {
  requires: ['Softmax'],
  reference: { Softmax },
  cases,
};

/** one non-zero entry at a seeded position, negative like the notes' −1/p (which is ≤ −1) */
function singleEntryGradient(rng: Rng, nodes: number): number[] {
  const label = rng.int(0, nodes - 1);
  const value = round(-rng.real(1, 5), 6);
  return Array.from({ length: nodes }, (_, i) => (i === label ? value : 0));
}

function cases(): CodeCase[] {
  const rng = createRng('softmax/cases/v1');
  const out: CodeCase[] = [];
  const one = (o: {
    id: string;
    title: string;
    visibility: Visibility;
    inputShape: number[];
    nodes: number;
    steps: number;
    pts: { init?: number; shape: number; values: number; grad: number; weights: number; biases: number };
  }) => {
    const inputLen = o.inputShape.reduce((a, b) => a * b, 1);
    const c = new CaseBuilder(o.id, o.title, o.visibility);
    c.construct('Softmax', inputLen, o.nodes);
    if (o.pts.init) {
      c.check(c.get('weights'), 'shape', 'weights shape after the constructor', o.pts.init / 2, HINT.weightsShape);
      c.check(c.get('biases'), 'shape', 'biases shape after the constructor', o.pts.init / 2, HINT.weightsShape);
    }
    const weights = randomTensor(rng, [inputLen, o.nodes], 1 / Math.sqrt(inputLen));
    c.set('weights', weights);
    const biases = randomTensor(rng, [o.nodes], 0.1) as number[];
    c.set('biases', biases);
    let fw = -1;
    let bw = -1;
    for (let s = 0; s < o.steps; s++) {
      fw = c.call('forward', randomTensor(rng, o.inputShape, 0.5));
      bw = c.call('backprop', singleEntryGradient(rng, o.nodes), 0.05);
    }
    c.check(fw, 'shape', 'forward shape', o.pts.shape, HINT.shape).check(fw, 'values', 'forward values', o.pts.values, HINT.values);
    c.check(bw, 'values', 'input gradient', o.pts.grad, HINT.gradInput);
    c.check(c.get('weights'), 'values', 'weights update', o.pts.weights, HINT.weights);
    c.check(c.get('biases'), 'values', 'biases update', o.pts.biases, HINT.biases);
    out.push(c.build());
  };
  one({ id: 'small', title: '4 inputs, 3 classes', visibility: 'visible', inputShape: [4], nodes: 3, steps: 1,
    pts: { init: 0.5, shape: 0.25, values: 0.5, grad: 0.5, weights: 0.5, biases: 0.25 } });
  one({ id: 'reshape', title: 'a 2×2×3 input: flatten, then reshape the gradient back', visibility: 'visible', inputShape: [2, 2, 3], nodes: 5, steps: 1,
    pts: { shape: 0.25, values: 0.25, grad: 0.5, weights: 0.25, biases: 0.25 } });
  one({ id: 'mnist-head', title: "the notes' MNIST head: 13×13×8 inputs, 10 classes", visibility: 'after_due_date', inputShape: [13, 13, 8], nodes: 10, steps: 1,
    pts: { shape: 0.25, values: 1, grad: 1, weights: 1, biases: 0.5 } });
  one({ id: 'two-steps', title: 'two training steps in a row', visibility: 'hidden', inputShape: [3, 4], nodes: 4, steps: 2,
    pts: { shape: 0.25, values: 0.5, grad: 0.5, weights: 0.5, biases: 0.5 } });
  return out;
}

import { createRng } from '../../lib/grading/rng';
import { CaseBuilder } from '../code/case-builder';
import { randomTensor } from '../code/tensor';
import type { CodeCase, CodeExercise } from '../code/types';
import { Softmax } from './reference';

// Hidden tests for Softmax. Like the notes' training loop, d_L_d_out is the gradient
// of the cross-entropy loss: a single non-zero entry −1/p[label].

const HINT = {
  weightsShape: 'the constructor must create `weights` of shape (input_len, nodes) and `biases` of shape (nodes,).',
  shape: 'forward flattens the input and returns one probability per node: shape (nodes,).',
  values: 'totals = flatten(input) · weights + biases; out = exp(totals) / Σ exp(totals).',
  gradInput: 'dL/dinput = weights · dL/dtotals (with the weights from BEFORE this update), reshaped to the last input\'s shape.',
  weights: 'dL/dweights = outer(last flattened input, dL/dtotals); weights −= learn_rate · dL/dweights.',
  biases: 'dL/dbiases = dL/dtotals; biases −= learn_rate · dL/dbiases.',
};

export const exercise: CodeExercise = {
  id: 'softmax',
  requires: ['Softmax'],
  reference: { Softmax },
  cases,
};

function crossEntropyGradient(probabilities: number[], label: number): number[] {
  return probabilities.map((p, i) => (i === label ? -1 / p : 0));
}

function cases(): CodeCase[] {
  const rng = createRng('softmax/cases/v1');
  const out: CodeCase[] = [];
  const one = (o: {
    id: string;
    title: string;
    visible: boolean;
    inputShape: number[];
    nodes: number;
    steps: number;
    pts: { init?: number; shape: number; values: number; grad: number; weights: number; biases: number };
  }) => {
    const inputLen = o.inputShape.reduce((a, b) => a * b, 1);
    const c = new CaseBuilder(o.id, o.title, o.visible);
    c.construct('Softmax', inputLen, o.nodes);
    if (o.pts.init) {
      c.check(c.get('weights'), 'shape', 'weights shape after the constructor', o.pts.init / 2, HINT.weightsShape);
      c.check(c.get('biases'), 'shape', 'biases shape after the constructor', o.pts.init / 2, HINT.weightsShape);
    }
    const weights = randomTensor(rng, [inputLen, o.nodes], 1 / Math.sqrt(inputLen));
    c.set('weights', weights);
    const biases = randomTensor(rng, [o.nodes], 0.1) as number[];
    c.set('biases', biases);
    // the grader knows the probabilities only through the reference, so the label's
    // gradient is computed from a reference run of the same steps
    const ref = new Softmax(inputLen, o.nodes);
    ref.weights = structuredClone(weights) as number[][];
    ref.biases = structuredClone(biases);
    let fw = -1;
    let bw = -1;
    for (let s = 0; s < o.steps; s++) {
      const input = randomTensor(rng, o.inputShape, 0.5);
      fw = c.call('forward', input);
      const p = ref.forward(structuredClone(input));
      const grad = crossEntropyGradient(p, rng.int(0, o.nodes - 1));
      ref.backprop(grad, 0.05);
      bw = c.call('backprop', grad, 0.05);
    }
    c.check(fw, 'shape', 'forward shape', o.pts.shape, HINT.shape).check(fw, 'values', 'forward values', o.pts.values, HINT.values);
    c.check(bw, 'values', 'input gradient', o.pts.grad, HINT.gradInput);
    c.check(c.get('weights'), 'values', 'weights update', o.pts.weights, HINT.weights);
    c.check(c.get('biases'), 'values', 'biases update', o.pts.biases, HINT.biases);
    out.push(c.build());
  };
  one({ id: 'small', title: '4 inputs, 3 classes', visible: true, inputShape: [4], nodes: 3, steps: 1,
    pts: { init: 0.5, shape: 0.25, values: 0.5, grad: 0.5, weights: 0.5, biases: 0.25 } });
  one({ id: 'reshape', title: 'a 2×2×3 input: flatten, then reshape the gradient back', visible: true, inputShape: [2, 2, 3], nodes: 5, steps: 1,
    pts: { shape: 0.25, values: 0.25, grad: 0.5, weights: 0.25, biases: 0.25 } });
  one({ id: 'mnist-head', title: "the notes' MNIST head: 13×13×8 inputs, 10 classes", visible: false, inputShape: [13, 13, 8], nodes: 10, steps: 1,
    pts: { shape: 0.25, values: 1, grad: 1, weights: 1, biases: 0.5 } });
  one({ id: 'two-steps', title: 'two training steps in a row', visible: false, inputShape: [3, 4], nodes: 4, steps: 2,
    pts: { shape: 0.25, values: 0.5, grad: 0.5, weights: 0.5, biases: 0.5 } });
  return out;
}

import { createRng } from '@/lib/grading/rng';
import { CaseBuilder } from '@/lib/exercises/code/case-builder';
import { randomImage, randomTensor } from '@/lib/exercises/code/tensor';
import type { CodeCase, CodeExercise } from '@/lib/exercises/code/types';
import { Conv3x3 } from './reference';

// Hidden tests for Conv3x3. Inputs are seeded; expected outputs come from reference.ts
// outside the sandbox. Points add up to exercise.yaml's `points`.
// Visibility: the notes' example and a small case are visible, so a student can run
// them before submitting; the larger ones show their output after the deadline; the
// two-step case is hidden (score only): it is the one that catches a solution fitted
// to the visible feedback. Only its expected outputs stay secret: like every case, its
// inputs enter the box, where the submission can read and print them, so a student
// can learn them and a new term should not count on their being unknown.

const HINT = {
  shape: 'valid padding: an h×w image gives an output of shape (h−2, w−2, num_filters), filters on the last axis.',
  values: 'out[i][j][f] = Σ over a,b in 0..2 of input[i+a][j+b] · filters[f][a][b] (no flipping, no bias).',
  update:
    'dL/dfilters[f] = Σ over i,j of d_L_d_out[i][j][f] · (the 3×3 region of the LAST forward input at i,j); then filters −= learn_rate · dL/dfilters, in place on `filters`.',
  initShape: 'the constructor must create `filters` with shape (num_filters, 3, 3).',
};

/** the vertical Sobel filter and the 4×4 image from the notes (their first output is 29, then −192) */
const SOBEL = [[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]];
const NOTES_IMAGE = [[0, 50, 0, 29], [0, 80, 31, 2], [33, 90, 0, 75], [0, 9, 0, 95]];

export const exercise: CodeExercise = {
  requires: ['Conv3x3'],
  reference: { Conv3x3 },
  cases,
};

function cases(): CodeCase[] {
  const rng = createRng('conv3x3/cases/v1');
  const filters = (n: number) => randomTensor(rng, [n, 3, 3], 1 / 3);
  const out: CodeCase[] = [];

  let c = new CaseBuilder('notes-sobel', "the notes' 4×4 image with a vertical Sobel filter", 'visible');
  c.construct('Conv3x3', 1);
  c.check(c.get('filters'), 'shape', 'filters shape after the constructor', 0.5, HINT.initShape);
  c.set('filters', [SOBEL]);
  const f0 = c.call('forward', NOTES_IMAGE);
  c.check(f0, 'shape', 'forward shape', 0.25, HINT.shape).check(f0, 'values', 'forward values', 0.5, HINT.values);
  c.call('backprop', [[[1], [0]], [[0], [-1]]], 0.01);
  c.check(c.get('filters'), 'values', 'filter update', 0.5, HINT.update);
  out.push(c.build());

  c = new CaseBuilder('small', '3 filters on a 6×5 image', 'visible');
  c.construct('Conv3x3', 3);
  c.set('filters', filters(3));
  const f1 = c.call('forward', randomImage(rng, 6, 5));
  c.check(f1, 'shape', 'forward shape', 0.25, HINT.shape).check(f1, 'values', 'forward values', 0.5, HINT.values);
  c.call('backprop', randomTensor(rng, [4, 3, 3]), 0.05);
  c.check(c.get('filters'), 'values', 'filter update', 0.5, HINT.update);
  out.push(c.build());

  c = new CaseBuilder('mnist', "8 filters on a 28×28 image (the notes' MNIST layer)", 'after_due_date');
  c.construct('Conv3x3', 8);
  c.set('filters', filters(8));
  const f2 = c.call('forward', randomImage(rng, 28, 28));
  c.check(f2, 'shape', 'forward shape', 0.5, HINT.shape).check(f2, 'values', 'forward values', 1.5, HINT.values);
  c.call('backprop', randomTensor(rng, [26, 26, 8], 0.1), 0.005);
  c.check(c.get('filters'), 'values', 'filter update', 1.5, HINT.update);
  out.push(c.build());

  c = new CaseBuilder('non-square', 'a non-square 7×12 image, 4 filters (rows vs columns)', 'after_due_date');
  c.construct('Conv3x3', 4);
  c.set('filters', filters(4));
  const f3 = c.call('forward', randomImage(rng, 7, 12));
  c.check(f3, 'shape', 'forward shape', 0.5, HINT.shape).check(f3, 'values', 'forward values', 0.75, HINT.values);
  c.call('backprop', randomTensor(rng, [5, 10, 4], 0.1), 0.01);
  c.check(c.get('filters'), 'values', 'filter update', 0.75, HINT.update);
  out.push(c.build());

  c = new CaseBuilder('two-steps', 'two training steps on different images', 'hidden');
  c.construct('Conv3x3', 2);
  c.set('filters', filters(2));
  c.call('forward', randomImage(rng, 8, 8));
  c.call('backprop', randomTensor(rng, [6, 6, 2], 0.1), 0.01);
  const f4 = c.call('forward', randomImage(rng, 9, 7));
  c.check(f4, 'values', 'second forward uses the updated filters', 0.75, HINT.values);
  c.call('backprop', randomTensor(rng, [7, 5, 2], 0.1), 0.01);
  c.check(c.get('filters'), 'values', 'filters after two updates (each uses its own forward input)', 0.75, HINT.update);
  out.push(c.build());

  return out;
}

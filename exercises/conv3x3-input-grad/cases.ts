import { createRng } from '@/lib/grading/rng';
import { CaseBuilder } from '@/lib/exercises/code/case-builder';
import { randomImage, randomTensor } from '@/lib/exercises/code/tensor';
import type { CodeCase, CodeExercise, Visibility } from '@/lib/exercises/code/types';
import { Conv3x3 } from './reference';

// Hidden tests for Conv3x3 with an input gradient: the layer can now sit deeper in a network.

const HINT = {
  gradShape: 'backprop returns dL/dinput with the shape (h, w) of the last forward input.',
  gradValues:
    'dL/dinput[i+a][j+b] += d_L_d_out[i][j][f] · filters[f][a][b] for every output position (i, j), filter f and a, b in 0..2 (a "full" convolution with the flipped filters), using the filters from BEFORE the update.',
  update: 'the filters update is the same as in conv3x3: filters −= learn_rate · Σ d_L_d_out[i][j][f] · region(i, j).',
};

export const exercise: CodeExercise = {
  requires: ['Conv3x3'],
  reference: { Conv3x3 },
  cases,
};

function cases(): CodeCase[] {
  const rng = createRng('conv3x3-input-grad/cases/v1');
  const out: CodeCase[] = [];
  const one = (id: string, title: string, visibility: Visibility, h: number, w: number, n: number, pts: [number, number, number]) => {
    const c = new CaseBuilder(id, title, visibility);
    c.construct('Conv3x3', n);
    c.set('filters', randomTensor(rng, [n, 3, 3], 1 / 3));
    c.call('forward', randomImage(rng, h, w));
    const bw = c.call('backprop', randomTensor(rng, [h - 2, w - 2, n], 0.1), 0.01);
    c.check(bw, 'shape', 'input gradient shape', pts[0], HINT.gradShape);
    c.check(bw, 'values', 'input gradient values', pts[1], HINT.gradValues);
    c.check(c.get('filters'), 'values', 'filter update', pts[2], HINT.update);
    out.push(c.build());
  };
  one('small', '2 filters on a 5×5 image', 'visible', 5, 5, 2, [0.5, 1, 0.5]);
  one('rect', '3 filters on a 6×4 image', 'visible', 6, 4, 3, [0.5, 1, 0.5]);
  one('mnist', '8 filters on a 28×28 image', 'after_due_date', 28, 28, 8, [0.5, 2, 1]);
  one('non-square', '4 filters on a 9×5 image', 'hidden', 9, 5, 4, [0.5, 1.5, 0.5]);
  return out;
}

import { createRng } from '@/lib/grading/rng';
import { CaseBuilder } from '@/lib/exercises/code/case-builder';
import { randomImage, randomTensor } from '@/lib/exercises/code/tensor';
import type { CodeCase, CodeExercise, Visibility } from '@/lib/exercises/code/types';
import { conv2d } from './reference';

// Hidden tests for a general conv2d(image, kernel, stride, padding).

const HINT = {
  shape: 'output size per axis: floor((n + 2·padding − k) / stride) + 1.',
  values:
    'out[i][j] = Σ over a, b of padded[i·stride + a][j·stride + b] · kernel[a][b], where padded is the image surrounded by `padding` rows and columns of zeros (no kernel flip).',
};

const SOBEL = [[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]];
const NOTES_IMAGE = [[0, 50, 0, 29], [0, 80, 31, 2], [33, 90, 0, 75], [0, 9, 0, 95]];

export const exercise: CodeExercise = {
  requires: ['conv2d'],
  reference: { conv2d },
  cases,
};

function cases(): CodeCase[] {
  const rng = createRng('conv2d/cases/v1');
  const out: CodeCase[] = [];
  const one = (id: string, title: string, visibility: Visibility, image: unknown, kernel: unknown, stride: number, padding: number, pts: [number, number]) => {
    const c = new CaseBuilder(id, title, visibility);
    const s = c.fn('conv2d', image, kernel, stride, padding);
    c.check(s, 'shape', 'output shape', pts[0], HINT.shape).check(s, 'values', 'output values', pts[1], HINT.values);
    out.push(c.build());
  };
  one('notes', "the notes' 4×4 image, Sobel filter, stride 1, no padding", 'visible', NOTES_IMAGE, SOBEL, 1, 0, [0.5, 0.5]);
  one('same', 'same padding: 5×5 image, 3×3 kernel, padding 1', 'visible', randomImage(rng, 5, 5), randomTensor(rng, [3, 3]), 1, 1, [0.5, 0.5]);
  one('stride2', 'stride 2 with padding 1 on a 7×7 image', 'visible', randomImage(rng, 7, 7), randomTensor(rng, [3, 3]), 2, 1, [0.5, 0.5]);
  one('big-kernel', '5×5 kernel, stride 3, on a 16×13 image (sizes do not divide evenly)', 'after_due_date', randomImage(rng, 16, 13), randomTensor(rng, [5, 5]), 3, 0, [0.75, 1]);
  one('even-kernel', '2×4 kernel, stride 2, padding 2, on a 6×9 image', 'hidden', randomImage(rng, 6, 9), randomTensor(rng, [2, 4]), 2, 2, [0.75, 1]);
  one('mnist', '28×28 image, 3×3 kernel, stride 1, padding 0', 'after_due_date', randomImage(rng, 28, 28), randomTensor(rng, [3, 3]), 1, 0, [0.5, 1.5]);
  one('one-by-one', '1×1 kernel with stride 2 (subsampling)', 'after_due_date', randomImage(rng, 8, 6), [[2.5]], 2, 0, [0.5, 1]);
  return out;
}

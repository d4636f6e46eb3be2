import { createRng } from '@/lib/grading/rng';
import { CaseBuilder } from '@/lib/exercises/code/case-builder';
import { randomTensor } from '@/lib/exercises/code/tensor';
import type { CodeCase, CodeExercise, Visibility } from '@/lib/exercises/code/types';
import { MaxPool2 } from './reference';

// Hidden tests for MaxPool2. Inputs are continuous random values, so a window never
// holds two equal maxima and every correct routing rule agrees.

const HINT = {
  shape: 'a (h, w, f) input gives (h // 2, w // 2, f): 2×2 windows, stride 2, an odd last row or column is dropped.',
  values: 'out[i][j][f] = max of input[2i..2i+1][2j..2j+1][f], each channel on its own.',
  gradShape: 'backprop returns dL/dinput with the shape of the LAST forward input (including a dropped odd row or column, which gets 0).',
  routing: 'each window passes its gradient only to the position that held the max; the other three positions get 0.',
  gradValues: 'dL/dinput at the max position of window (i, j, f) equals d_L_d_out[i][j][f].',
};

export const exercise: CodeExercise = {
  requires: ['MaxPool2'],
  reference: { MaxPool2 },
  cases,
};

function cases(): CodeCase[] {
  const rng = createRng('maxpool2/cases/v1');
  const out: CodeCase[] = [];
  const full = (id: string, title: string, visibility: Visibility, h: number, w: number, f: number, pts: [number, number, number, number, number]) => {
    const c = new CaseBuilder(id, title, visibility);
    c.construct('MaxPool2');
    const fw = c.call('forward', randomTensor(rng, [h, w, f]));
    c.check(fw, 'shape', 'forward shape', pts[0], HINT.shape).check(fw, 'values', 'forward values', pts[1], HINT.values);
    const bw = c.call('backprop', randomTensor(rng, [Math.floor(h / 2), Math.floor(w / 2), f]));
    c.check(bw, 'shape', 'gradient shape', pts[2], HINT.gradShape);
    c.check(bw, 'support', 'gradient routed to max only', pts[3], HINT.routing);
    c.check(bw, 'values', 'gradient values', pts[4], HINT.gradValues);
    out.push(c.build());
  };
  full('small', 'a 4×4 input with 2 channels', 'visible', 4, 4, 2, [0.25, 0.5, 0.25, 0.5, 0.5]);
  full('six', 'a 6×6 input with 3 channels', 'visible', 6, 6, 3, [0.25, 0.25, 0.25, 0.25, 0.5]);
  full('conv-output', "the notes' 26×26×8 conv output", 'after_due_date', 26, 26, 8, [0.5, 1, 0.25, 0.75, 0.75]);
  full('odd', 'odd sizes 7×9 with 3 channels (last row and column are dropped)', 'after_due_date', 7, 9, 3, [0.5, 0.5, 0.25, 0.5, 0.5]);

  const c = new CaseBuilder('two-inputs', 'two inputs in a row: backprop uses the last one', 'hidden');
  c.construct('MaxPool2');
  c.call('forward', randomTensor(rng, [4, 6, 2]));
  c.call('forward', randomTensor(rng, [6, 4, 2]));
  c.check(c.call('backprop', randomTensor(rng, [3, 2, 2])), 'values', 'gradient for the last input', 1, HINT.gradShape);
  out.push(c.build());
  return out;
}

import { exercise as conv2d } from '../../../exercises/conv2d/cases';
import { exercise as conv3x3 } from '../../../exercises/conv3x3/cases';
import { exercise as conv3x3InputGrad } from '../../../exercises/conv3x3-input-grad/cases';
import { exercise as maxpool2 } from '../../../exercises/maxpool2/cases';
import { exercise as softmax } from '../../../exercises/softmax/cases';
import type { CodeExercise } from './types';

// Code exercises the worker can grade. Worker-side only: this pulls in hidden test
// generators and reference solutions, so app/ must never import it.

const EXERCISES: CodeExercise[] = [conv3x3, maxpool2, softmax, conv3x3InputGrad, conv2d];

export function listCodeExercises(): CodeExercise[] {
  return EXERCISES;
}

export function getCodeExercise(id: string): CodeExercise | undefined {
  return EXERCISES.find((e) => e.id === id);
}

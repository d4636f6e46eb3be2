import path from 'node:path';
import fs from 'node:fs';
import { exercisesRoot, loadExercise } from '../../lib/exercises/load';
import type { MnistSettings } from '../../lib/model';
import { AppError } from '../../lib/errors';

// A model exercise's points and settings, from the worker's own copy of exercises/.

export interface ModelExercise {
  points: number;
  settings: MnistSettings;
}

export class ExerciseNotFoundError extends AppError {
  constructor(message: string) {
    super('unknown_exercise', message);
  }
}

export function loadModelExercise(exerciseId: string, root = exercisesRoot()): ModelExercise {
  const dir = path.join(root, exerciseId);
  if (!/^[a-z0-9][a-z0-9-]*$/.test(exerciseId) || !fs.existsSync(path.join(dir, 'exercise.yaml'))) {
    throw new ExerciseNotFoundError(`exercise "${exerciseId}" is not in ${root} on this worker`);
  }
  const { meta } = loadExercise(dir);
  if (meta.kind !== 'model') throw new ExerciseNotFoundError(`exercise "${exerciseId}" is a ${meta.kind} exercise, not a model one`);
  return { points: meta.points, settings: meta.settings };
}

import { numericExercises } from '@/app/exercise-index.generated';
import { createRegistry, type ExerciseRegistry } from '@/lib/exercises/registry';

// The web app's exercise registry: the folders under EXERCISES_DIR, with the
// numeric variant modules listed in app/exercise-index.generated.ts (written at
// every prepare from the folders). Code exercises are graded by the worker,
// so their hidden tests and references never enter the app.

let registry: ExerciseRegistry | undefined;

export function appExercises(): ExerciseRegistry {
  registry ??= createRegistry({ numeric: numericExercises });
  return registry;
}

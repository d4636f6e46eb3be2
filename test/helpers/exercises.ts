import { numericExercises } from '@/app/exercise-index.generated';
import { createRegistry } from '@/lib/exercises/registry';

// The registry the web app builds (app/exercise-registry.ts): the folders under
// EXERCISES_DIR with the generated list of numeric modules. Tests pass it to
// lib as the app does; the numeric API is re-exported for brevity.

export const testExercises = createRegistry({ numeric: numericExercises });
export const { checkNumericAnswer, correctAnswer, getVariant, workedSolution, variantParams } = testExercises.numeric;
export const listNumericExerciseIds = () => testExercises.numeric.ids();
export const isNumericExercise = (id: string) => testExercises.numeric.has(id);

/** The ids of the folders of one kind, read from the folders themselves (no list to keep in step). */
export const folderIds = (kind: 'numeric' | 'code' | 'model') => testExercises.list().filter((e) => e.meta.kind === kind).map((e) => e.meta.id).sort();

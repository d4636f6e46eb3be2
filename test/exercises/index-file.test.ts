import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXERCISE_INDEX_FILE, exerciseIndexIsFresh, renderExerciseIndex } from '../../lib/exercises/index-file';

// The web app bundles app/exercise-index.generated.ts; a folder added or removed without
// regenerating it (scripts/prepare.sh does at every start) fails here.

describe('app/exercise-index.generated.ts', () => {
  it('lists exactly the numeric folders under exercises/', () => {
    const root = path.resolve('exercises');
    expect(exerciseIndexIsFresh(root), 'stale: run npx tsx scripts/exercise-index.ts').toBe(true);
    expect(renderExerciseIndex(root)).toContain("from '../exercises/conv-output-size/variant'");
    expect(renderExerciseIndex(root)).not.toContain('/cases');
    // the app owns the file: exercises/ holds exercise folders only
    expect(EXERCISE_INDEX_FILE).toBe(path.resolve('app/exercise-index.generated.ts'));
  });
});

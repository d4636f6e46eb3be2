import fs from 'node:fs';
import { exercisesRoot } from '../lib/exercises/load';
import { EXERCISE_INDEX_FILE, exerciseIndexIsFresh, renderExerciseIndex } from '../lib/exercises/index-file';

// Writes app/exercise-index.generated.ts for the folders under EXERCISES_DIR (see lib/exercises/index-file.ts).
// --check: write nothing, exit 1 when the file is stale.

const root = exercisesRoot();
const file = EXERCISE_INDEX_FILE;
if (process.argv.includes('--check')) {
  if (!exerciseIndexIsFresh(root)) {
    console.error(`[exercise-index] ${file} is stale: run npx tsx scripts/exercise-index.ts`);
    process.exit(1);
  }
} else if (!exerciseIndexIsFresh(root)) {
  fs.writeFileSync(file, renderExerciseIndex(root));
  console.log(`[exercise-index] wrote ${file}`);
}

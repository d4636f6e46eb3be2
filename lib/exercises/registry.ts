import fs from 'node:fs';
import path from 'node:path';
import { exercisesRoot, loadAllExercises, loadExercise, type ExerciseInfo } from './load';
import { numericBank, type AnyNumericDef, type NumericBank } from './numeric';
import type { CodeExercise } from './code/types';

// The one registry of exercises: the folders under EXERCISES_DIR (metadata,
// prompt, starters) plus the modules of those folders that hold code
// (variant.ts for numeric, cases.ts for code). lib/ never imports exercise
// content: whoever runs lib passes the modules in, as it passes the database.
// - the web app: app/exercise-index.generated.ts (numeric variants only; hidden tests
//   and references never reach the app), built by scripts/exercise-index.ts;
// - workers, the CLI and tests: discoverExercises() (lib/exercises/discover.ts)
//   imports the modules of the folders it finds, at run time.

/** The modules by exercise id: the id is the folder's (exercise.yaml's), never the module's own. */
export interface ExerciseModules {
  numeric?: Record<string, AnyNumericDef>;
  code?: Record<string, CodeExercise>;
}

export interface ExerciseRegistry {
  /** EXERCISES_DIR, or the folder given */
  root(): string;
  /** every exercise folder, by week then id: what sync writes and the CLI lists */
  list(): ExerciseInfo[];
  /** one folder; null when there is no exercise.yaml for the id */
  folder(id: string): ExerciseInfo | null;
  numeric: NumericBank;
  code(id: string): CodeExercise | undefined;
  codeIds(): string[];
}

const ID = /^[a-z0-9][a-z0-9-]*$/;

export function createRegistry(modules: ExerciseModules & { root?: string }): ExerciseRegistry {
  const root = () => modules.root ?? exercisesRoot();
  const code = new Map(Object.entries(modules.code ?? {}));
  const folders = folderCache();
  const folder = (id: string) => {
    const dir = path.join(root(), id);
    return ID.test(id) && fs.existsSync(path.join(dir, 'exercise.yaml')) ? folders.load(dir) : null;
  };
  return {
    root,
    list: () => loadAllExercises(root(), folders.load),
    folder,
    numeric: numericBank(new Map(Object.entries(modules.numeric ?? {})), folder),
    code: (id) => code.get(id),
    codeIds: () => [...code.keys()].sort(),
  };
}

/**
 * Folders read again only when one of their files changed (instructors edit them in
 * git or the web editor while the platform runs): a page view or a grading costs a
 * listing and a stat per file, not reading and hashing the folder.
 */
function folderCache() {
  const hits = new Map<string, { stamp: string; info: ExerciseInfo }>();
  const stampOf = (dir: string): string => {
    const parts: string[] = [];
    const walk = (d: string) => {
      for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
        const p = path.join(d, e.name);
        if (e.isDirectory()) walk(p);
        else {
          const st = fs.statSync(p, { throwIfNoEntry: false });
          parts.push(`${path.relative(dir, p)}:${st?.size ?? '-'}:${st?.mtimeMs ?? '-'}`);
        }
      }
    };
    walk(dir);
    return parts.join('|');
  };
  return {
    load(dir: string): ExerciseInfo {
      const stamp = stampOf(dir);
      const hit = hits.get(dir);
      if (hit && hit.stamp === stamp) return hit.info;
      const info = loadExercise(dir);
      hits.set(dir, { stamp, info });
      return info;
    },
  };
}

/** The module contract: what each file must export, checked when it is loaded so a broken folder is named. */
export function numericModule(mod: unknown, where: string): AnyNumericDef {
  const def = (mod as { exercise?: Partial<AnyNumericDef> } | null)?.exercise;
  const fns = ['generate', 'promptValues', 'fields', 'answer', 'solution'] as const;
  if (!def || fns.some((f) => typeof def[f] !== 'function')) {
    throw new Error(`${where} must export \`exercise\`, a NumericExerciseDef (${fns.join(', ')}); see lib/exercises/numeric/types.ts`);
  }
  return def as AnyNumericDef;
}

export function codeModule(mod: unknown, where: string): CodeExercise {
  const ex = (mod as { exercise?: Partial<CodeExercise> } | null)?.exercise;
  if (!ex || !Array.isArray(ex.requires) || typeof ex.reference !== 'object' || typeof ex.cases !== 'function') {
    throw new Error(`${where} must export \`exercise\`, a CodeExercise (requires, reference, cases); see lib/exercises/code/types.ts`);
  }
  return ex as CodeExercise;
}

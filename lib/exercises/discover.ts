import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { exercisesRoot, loadAllExercises, type ExerciseInfo } from './load';
import { codeModule, createRegistry, numericModule, type ExerciseModules, type ExerciseRegistry } from './registry';

// Run-time discovery for workers, the CLI and tests (they run TypeScript
// through tsx or vitest): every folder under the root is read and the module
// its kind needs is imported from the folder itself, so a folder copied under
// a new id is graded with no other edit. The web app cannot import a module
// found at run time; it uses app/exercise-index.generated.ts instead.

/** Which module file each kind of folder holds. */
export const MODULE_FILE = { numeric: 'variant.ts', code: 'cases.ts' } as const;

export async function discoverModules(root = exercisesRoot()): Promise<Required<ExerciseModules>> {
  const modules: Required<ExerciseModules> = { numeric: {}, code: {} };
  for (const info of loadAllExercises(root)) {
    const kind = info.meta.kind;
    if (kind !== 'numeric' && kind !== 'code') continue;
    const where = path.relative(process.cwd(), path.join(info.dir, MODULE_FILE[kind]));
    // bound to the folder's id (exercise.yaml's, which is the folder name), not to anything the module says
    if (kind === 'numeric') modules.numeric[info.meta.id] = await folderModule(info, MODULE_FILE.numeric, numericModule, where);
    else modules.code[info.meta.id] = await folderModule(info, MODULE_FILE.code, codeModule, where);
  }
  return modules;
}

/** A folder's own module for its kind, checked against the module contract; `where` names it in errors. */
export async function folderModule<T>(info: ExerciseInfo, file: string, check: (mod: unknown, where: string) => T, where = file): Promise<T> {
  const p = path.join(info.dir, file);
  if (!fs.existsSync(p)) throw new Error(`${where} is missing`);
  const scope = moduleScope(info.dir);
  if (!scope.esm) {
    // Node (and so tsx, which runs the worker and the CLI) would load the module as
    // CommonJS, with a second copy of every lib/ module it imports: say so instead.
    throw new Error(`${where} is not in an ES module package (${scope.file ?? 'no package.json above it'}): put a package.json with {"type": "module"} in the exercises folder (docs/architecture.md)`);
  }
  return check(await import(/* webpackIgnore: true */ pathToFileURL(p).href), where);
}

/** The package.json that decides how Node loads a .ts file in dir, and whether it says "type": "module". */
export function moduleScope(dir: string): { file?: string; esm: boolean } {
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    const file = path.join(d, 'package.json');
    if (fs.existsSync(file)) {
      let type: unknown;
      try {
        type = (JSON.parse(fs.readFileSync(file, 'utf8')) as { type?: unknown } | null)?.type;
      } catch {
        return { file, esm: false };
      }
      return { file, esm: type === 'module' };
    }
    if (path.dirname(d) === d) return { esm: false };
  }
}

const cache = new Map<string, Promise<ExerciseRegistry>>();

/**
 * The registry of the folders under root, discovered once per root and process;
 * fresh: look again (a worker asked for an id it does not know: a folder added since).
 */
export function discoverExercises(root = exercisesRoot(), opts: { fresh?: boolean } = {}): Promise<ExerciseRegistry> {
  const key = path.resolve(root);
  let hit = opts.fresh ? undefined : cache.get(key);
  if (!hit) {
    hit = discoverModules(key).then((m) => createRegistry({ ...m, root: key }));
    // a failed discovery (a broken folder) is not kept: the next call reports it again
    hit.catch(() => cache.delete(key));
    cache.set(key, hit);
  }
  return hit;
}

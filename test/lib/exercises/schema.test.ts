import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExerciseFolderError, loadExercise } from '../../../lib/exercises/load';
import { ZExerciseMeta, modelSettings } from '../../../lib/exercises/schema';

// exercise.yaml is strict and typed per kind: a misspelt key is an error that names
// it, and each kind's settings come out parsed, with their defaults.

function folderWith(yaml: string, id = 'typo-check'): string {
  const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'convgrade-meta-')), id);
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, 'exercise.yaml'), yaml);
  return dir;
}

describe('exercise.yaml schema', () => {
  it('names a misspelt top-level key instead of dropping it', () => {
    const dir = folderWith('id: typo-check\ntitle: T\nweek: 1\nkind: code\npoints: 3\nmaxAtempts: 2\n');
    expect(() => loadExercise(dir)).toThrow(ExerciseFolderError);
    expect(() => loadExercise(dir)).toThrow(/maxAtempts/);
  });

  it('names a misspelt limit and a setting the kind does not have', () => {
    expect(() => loadExercise(folderWith('id: typo-check\ntitle: T\nweek: 1\nkind: code\npoints: 3\nlimits: { wallSecond: 5 }\n'))).toThrow(/wallSecond/);
    expect(() => loadExercise(folderWith('id: typo-check\ntitle: T\nweek: 1\nkind: numeric\npoints: 3\nsettings: { absTolerence: 0.1 }\n'))).toThrow(/absTolerence/);
    expect(() => loadExercise(folderWith('id: typo-check\ntitle: T\nweek: 1\nkind: code\npoints: 3\nsettings: { dailyCap: 2 }\n'))).toThrow(/dailyCap/);
  });

  it('refuses an unknown kind', () => {
    expect(ZExerciseMeta.safeParse({ id: 'x', title: 'T', week: 1, kind: 'essay', points: 1 }).success).toBe(false);
  });

  it("gives a model exercise its typed settings with the schema's defaults", () => {
    const meta = ZExerciseMeta.parse({ id: 'm', title: 'M', week: 4, kind: 'model', points: 20, settings: { dailyCap: 3 } });
    const settings = modelSettings(meta);
    expect(settings.dailyCap).toBe(3);
    expect(settings.budgets.maxEpochs).toBeGreaterThanOrEqual(1);
    expect(() => modelSettings(ZExerciseMeta.parse({ id: 'c', title: 'C', week: 1, kind: 'code', points: 1 }))).toThrow(/not a model one/);
  });

  it('accepts every exercise folder in the repository', () => {
    const root = path.resolve('exercises');
    const ids = fs.readdirSync(root).filter((n) => fs.existsSync(path.join(root, n, 'exercise.yaml')));
    expect(ids.length).toBeGreaterThan(0);
    for (const id of ids) expect(loadExercise(path.join(root, id)).meta.id).toBe(id);
  });
});

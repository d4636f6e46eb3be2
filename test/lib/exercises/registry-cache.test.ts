import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createRegistry } from '../../../lib/exercises/registry';
import { loadExercise } from '../../../lib/exercises/load';

// One folder cache in the registry: the worker and the numeric pages read a folder
// per grading or view; it is read again exactly when one of its files changed.

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'registry-cache-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
const dir = path.join(root, 'cached-code');
fs.cpSync(path.resolve('exercises/conv3x3'), dir, { recursive: true });
fs.writeFileSync(path.join(dir, 'exercise.yaml'), fs.readFileSync(path.join(dir, 'exercise.yaml'), 'utf8').replace(/^id: .*$/m, 'id: cached-code'));

describe('the registry folder cache', () => {
  it('reads a folder again exactly when one of its files changed, and list() shares it', () => {
    const registry = createRegistry({ root });
    const first = registry.folder('cached-code')!;
    expect(registry.folder('cached-code')).toBe(first);
    expect(registry.list()).toEqual([first]);
    expect(registry.list()[0]).toBe(first);

    // a starter is not in exercise.yaml or the prompt, but it is part of the version
    fs.appendFileSync(path.join(dir, 'starter.py'), '\n# edited\n');
    const edited = registry.folder('cached-code')!;
    expect(edited).not.toBe(first);
    expect(edited.contentHash).not.toBe(first.contentHash);
    expect(edited.starters.python).toContain('# edited');
    expect(edited).toEqual(loadExercise(dir));

    fs.writeFileSync(path.join(dir, 'exercise.yaml'), fs.readFileSync(path.join(dir, 'exercise.yaml'), 'utf8').replace(/^points: .*$/m, 'points: 12'));
    const later = new Date(Date.now() + 5000);
    fs.utimesSync(path.join(dir, 'exercise.yaml'), later, later);
    expect(registry.folder('cached-code')!.meta.points).toBe(12);
  });

  it('has no folder for an id that is not a folder name, or a folder without exercise.yaml', () => {
    const registry = createRegistry({ root });
    fs.mkdirSync(path.join(root, 'empty'), { recursive: true });
    expect(registry.folder('empty')).toBeNull();
    expect(registry.folder('../cached-code')).toBeNull();
    expect(registry.folder('missing')).toBeNull();
  });
});

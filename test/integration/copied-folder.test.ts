import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { discoverExercises } from '../../lib/exercises/discover';
import { loadExercise } from '../../lib/exercises/load';
import { createTestDb } from '../helpers/test-db';

// "Add an exercise by copying a folder" (docs/architecture.md), end to end: a
// numeric and a code folder copied under new ids into an EXERCISES_DIR outside
// the repository, with only the folder name and exercise.yaml's id changed. The
// start-up sync, `convgrade check`, `convgrade grade` (the worker's grading
// function, real sandbox) and `convgrade validate` run as child processes
// through tsx, as in production, from a working directory outside the repository.

const repo = path.resolve(import.meta.dirname, '../..');
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'convgrade-copied-'));
const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'convgrade-cwd-'));
afterAll(() => {
  fs.rmSync(root, { recursive: true, force: true });
  fs.rmSync(outside, { recursive: true, force: true });
});

const COPIES = { 'conv-output-size': 'copied-numeric', conv3x3: 'copied-code' } as const;
// the one file the docs ask for next to exercise folders outside this repository
fs.writeFileSync(path.join(root, 'package.json'), '{"type": "module"}\n');
for (const [from, to] of Object.entries(COPIES)) {
  const dir = path.join(root, to);
  fs.cpSync(path.join(repo, 'exercises', from), dir, { recursive: true });
  const yamlFile = path.join(dir, 'exercise.yaml');
  const yaml = fs.readFileSync(yamlFile, 'utf8');
  expect(yaml).toMatch(new RegExp(`^id: ${from}$`, 'm'));
  fs.writeFileSync(yamlFile, yaml.replace(/^id: .*$/m, `id: ${to}`));
}

const env = { ...process.env, EXERCISES_DIR: root };
const convgrade = (...args: string[]) =>
  spawnSync(process.execPath, [path.join(repo, 'bin/convgrade.js'), ...args], { cwd: outside, env, encoding: 'utf8', timeout: 300_000 });

describe('a folder copied under a new id, in an EXERCISES_DIR outside the repository', () => {
  it('is in the registry, bound to its folder', async () => {
    const registry = await discoverExercises(root);
    expect(registry.list().map((e) => e.meta.id).sort()).toEqual(['copied-code', 'copied-numeric']);
    expect(registry.numeric.ids()).toEqual(['copied-numeric']);
    expect(registry.codeIds()).toEqual(['copied-code']);
    expect(registry.folder('copied-code')?.dir).toBe(path.join(root, 'copied-code'));
    // the copy's own prompt, from its own folder
    expect(registry.numeric.getVariant('copied-numeric', 's').prompt.length).toBeGreaterThan(0);
  });

  it('is synced into the database by the start-up seed', async () => {
    const { db, url } = createTestDb();
    try {
      const r = spawnSync(process.execPath, ['--import', 'tsx', 'prisma/seed.ts'], { cwd: repo, env: { ...env, DATABASE_URL: url, DEMO_SEED: '' }, encoding: 'utf8', timeout: 120_000 });
      expect(r.status, r.stderr).toBe(0);
      const rows = await db.exercise.findMany({ where: { source: 'files', archived: false }, orderBy: { id: 'asc' } });
      expect(rows.map((e) => [e.id, e.kind])).toEqual([['copied-code', 'code'], ['copied-numeric', 'numeric']]);
      for (const e of rows) expect(e.version).toBe(loadExercise(path.join(root, e.id)).contentHash);
    } finally {
      await db.$disconnect();
    }
  });

  it('numeric: `convgrade check` gives the variant\'s own answer full marks and a wrong one less', () => {
    const variant = convgrade('variant', 'copied-numeric', '--seed', 'student-1', '--json');
    expect(variant.status, variant.stderr).toBe(0);
    const { answer } = JSON.parse(variant.stdout) as { answer: Record<string, number> };
    const points = loadExercise(path.join(root, 'copied-numeric')).meta.points;
    const right = convgrade('check', 'copied-numeric', '--seed', 'student-1', '--answer', JSON.stringify(answer), '--json');
    expect(right.status, right.stderr).toBe(0);
    expect(JSON.parse(right.stdout)).toMatchObject({ score: points, max_score: points });
    const wrong = Object.fromEntries(Object.entries(answer).map(([k, v]) => [k, v + 1000]));
    const off = convgrade('check', 'copied-numeric', '--seed', 'student-1', '--answer', JSON.stringify(wrong), '--json');
    expect(off.status, off.stderr).toBe(0);
    expect(JSON.parse(off.stdout).score).toBeLessThan(points);
  });

  it('code: `convgrade grade` grades a correct solution full marks and the starter less, in the sandbox', () => {
    const points = loadExercise(path.join(root, 'copied-code')).meta.points;
    const solution = convgrade('grade', 'copied-code', path.join(repo, 'test/fixtures/seed/conv3x3.py'), '--json');
    expect(solution.status, solution.stderr).toBe(0);
    expect(JSON.parse(solution.stdout)).toMatchObject({ gradable: true, score: points, max_score: points });
    const starter = convgrade('grade', 'copied-code', path.join(root, 'copied-code/starter.py'), '--json');
    expect(JSON.parse(starter.stdout).score).toBeLessThan(points);
  });

  it('passes `convgrade validate`', () => {
    for (const id of Object.values(COPIES)) {
      const r = convgrade('validate', path.join(root, id), '--seeds', '20');
      expect(r.status, r.stdout + r.stderr).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`^PASS {2}${id} \\(`, 'm'));
      const points = loadExercise(path.join(root, id)).meta.points;
      if (id === 'copied-code') expect(r.stdout).toContain(`reference graded in the sandbox as a submission: ${points}/${points}`);
    }
  });
});

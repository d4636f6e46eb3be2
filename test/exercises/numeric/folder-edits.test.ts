import { afterEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { checkNumericAnswer, correctAnswer, getVariant } from '../../helpers/exercises';

// Instructors edit prompt.md and exercise.yaml (in git or the web editor);
// the registry must pick the edits up without a restart.

const saved = process.env.EXERCISES_DIR;
afterEach(() => {
  if (saved === undefined) delete process.env.EXERCISES_DIR;
  else process.env.EXERCISES_DIR = saved;
});

describe('edits to an exercise folder', () => {
  it('a changed prompt.md and points in exercise.yaml take effect on the next call', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'numeric-edits-'));
    const dir = path.join(root, 'conv-param-count');
    fs.cpSync(path.resolve('exercises/conv-param-count'), dir, { recursive: true });
    process.env.EXERCISES_DIR = root;
    const seed = 'edit-test';
    expect(getVariant('conv-param-count', seed).prompt).not.toContain('EDITED');

    fs.writeFileSync(path.join(dir, 'prompt.md'), 'EDITED: $C_{in} = {{inputChannels}}$');
    fs.writeFileSync(path.join(dir, 'exercise.yaml'), fs.readFileSync(path.join(dir, 'exercise.yaml'), 'utf8').replace('points: 2', 'points: 7'));
    // make sure the modification time moves even on coarse-grained file systems
    const later = new Date(Date.now() + 5000);
    for (const f of ['prompt.md', 'exercise.yaml']) fs.utimesSync(path.join(dir, f), later, later);

    expect(getVariant('conv-param-count', seed).prompt).toMatch(/^EDITED: \$C_\{in\} = \d+\$$/);
    const check = checkNumericAnswer({ exerciseId: 'conv-param-count', seed, raw: correctAnswer('conv-param-count', seed) });
    expect(check.kind === 'graded' && check.result.max_score).toBe(7);
    fs.rmSync(root, { recursive: true, force: true });
  });
});

import { execFileSync, spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { loadAllExercises } from '../../lib/exercises/load';

const cli = (...args: string[]) => spawnSync(process.execPath, ['bin/convgrade.js', ...args], { encoding: 'utf8' });

describe('convgrade exercises', () => {
  it('lists every exercise folder as JSON', () => {
    const out = JSON.parse(execFileSync(process.execPath, ['bin/convgrade.js', 'exercises', '--json'], { encoding: 'utf8' }));
    const ids = loadAllExercises().map((e) => e.meta.id);
    expect(out.map((e: { id: string }) => e.id).sort()).toEqual([...ids].sort());
    expect(out.find((e: { id: string }) => e.id === 'conv3x3')).toMatchObject({ kind: 'code', languages: ['python', 'typescript', 'javascript'] });
  });

  it('prints a readable table', () => {
    const r = cli('exercises');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/conv-output-size\s+week 1\s+numeric/);
  });

  it('explains unknown commands and options', () => {
    const unknown = cli('frobnicate');
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('unknown command "frobnicate"');
    const badFlag = cli('exercises', '--colour');
    expect(badFlag.status).toBe(2);
    expect(badFlag.stderr).toMatch(/Unknown option/i);
  });

  it('lists its commands in --help', () => {
    const r = cli('--help');
    expect(r.status).toBe(0);
    for (const c of ['exercises', 'variant', 'check', 'grade']) expect(r.stdout).toContain(c);
  });
});

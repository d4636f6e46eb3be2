import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { command, formatReports, validateExerciseFolder, validatePath } from '../../cli/validate';
import { CliUsageError } from '../../cli/command';

const repo = path.resolve(import.meta.dirname, '../..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'convgrade-validate-'));
// an exercises folder outside this repository is an ES module package (docs/architecture.md)
fs.writeFileSync(path.join(tmp, 'package.json'), '{"type": "module"}\n');
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

function folder(id: string, files: Record<string, string>): string {
  const dir = path.join(tmp, id);
  fs.mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

const yaml = (id: string, kind: string, extra = '') => `id: ${id}\ntitle: Test ${id}\nweek: 1\nkind: ${kind}\npoints: 2\n${extra}`;

async function runCli(argv: string[]): Promise<{ code: number; out: string }> {
  const lines: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void lines.push(a.join(' ')));
  const code = await command.run(argv);
  return { code, out: lines.join('\n') };
}

describe('convgrade validate on the real exercises', () => {
  it('passes a code exercise: starters present, reference runs every case', async () => {
    const { code, out } = await runCli([path.join(repo, 'exercises/conv3x3')]);
    expect(out).toMatch(/^PASS {2}conv3x3 \(code\)/m);
    expect(out).toMatch(/reference runs all \d+ cases/);
    expect(out).toMatch(/reference graded in the sandbox as a submission: 10\/10/);
    expect(out).toMatch(/validate: 1 passed, 0 failed/);
    expect(code).toBe(0);
  });

  it('fails a code exercise whose reference.ts, graded in the sandbox, disagrees with the trusted reference', async () => {
    const dir = path.join(tmp, 'broken-copy', 'conv3x3');
    fs.cpSync(path.join(repo, 'exercises/conv3x3'), dir, { recursive: true });
    const ref = path.join(dir, 'reference.ts');
    // The trusted side (the copy's cases.ts) keeps the repository's reference; the reference.ts graded in the box breaks forward's sum.
    fs.writeFileSync(path.join(dir, 'cases.ts'), fs.readFileSync(path.join(dir, 'cases.ts'), 'utf8').replace("from './reference'", `from '${path.join(repo, 'exercises/conv3x3/reference')}'`));
    fs.writeFileSync(ref, fs.readFileSync(ref, 'utf8').replace('s += input', 's -= input'));
    const r = await validateExerciseFolder(dir);
    expect(r.ok).toBe(false);
    expect(r.checks.at(-1)).toMatchObject({ status: 'fail', message: expect.stringMatching(/reference as a submission: scores [\d.]+\/10 when graded in the sandbox \(.*forward/) });
  });

  it('passes a numeric exercise over many seeds', async () => {
    const { code, out } = await runCli([path.join(repo, 'exercises/conv-output-size'), '--seeds', '30']);
    expect(out).toMatch(/answers finite and graded full marks for 30 seeds/);
    expect(code).toBe(0);
  });
});

describe('convgrade validate failures', () => {
  it('fails a folder whose exercise.yaml breaks the schema, with exit code 1', async () => {
    const dir = folder('bad-yaml', { 'exercise.yaml': 'id: bad-yaml\ntitle: x\nweek: zero\nkind: essay\npoints: 1\n', 'prompt.md': 'hi' });
    const { code, out } = await runCli([dir]);
    expect(code).toBe(1);
    expect(out).toMatch(/^FAIL {2}/m);
    expect(out).toMatch(/week/);
    expect(out).toMatch(/kind/);
    expect(out).toMatch(/validate: 0 passed, 1 failed/);
  });

  it('names the missing starter files and a code exercise without cases.ts', async () => {
    const dir = folder('lonely-code', {
      'exercise.yaml': yaml('lonely-code', 'code', 'languages: [python, typescript, javascript]\n'),
      'prompt.md': 'Write it.',
      'starter.py': 'def f():\n    pass\n',
    });
    const r = await validateExerciseFolder(dir);
    expect(r.ok).toBe(false);
    const fails = r.checks.filter((c) => c.status === 'fail').map((c) => c.message);
    expect(fails).toContainEqual('no starter code for typescript, javascript (expected starter.ts, starter.js)');
    expect(fails).toContainEqual('reference on the hidden tests: reference.ts is missing');
  });

  it('fails a numeric exercise without variant.ts and a missing prompt', async () => {
    const dir = folder('lonely-numeric', { 'exercise.yaml': yaml('lonely-numeric', 'numeric') });
    const r = await validateExerciseFolder(dir, { seeds: 3 });
    const fails = r.checks.filter((c) => c.status === 'fail').map((c) => c.message);
    expect(fails).toContain('prompt.md is missing or empty');
    expect(fails).toContainEqual('numeric answers: variant.ts is missing');
  });

  it('fails a folder outside an ES module package, saying what to add', async () => {
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'convgrade-no-package-'));
    try {
      const dir = path.join(outside, 'copied');
      fs.cpSync(path.join(repo, 'exercises/conv-output-size'), dir, { recursive: true });
      fs.writeFileSync(path.join(dir, 'exercise.yaml'), fs.readFileSync(path.join(dir, 'exercise.yaml'), 'utf8').replace(/^id: .*$/m, 'id: copied'));
      const r = await validateExerciseFolder(dir, { seeds: 3 });
      expect(r.checks.at(-1)).toMatchObject({ status: 'fail', message: expect.stringMatching(/variant.ts is not in an ES module package .*put a package.json with \{"type": "module"\}/) });
      fs.writeFileSync(path.join(outside, 'package.json'), '{"type": "module"}\n');
      expect((await validateExerciseFolder(dir, { seeds: 3 })).ok).toBe(true);
    } finally {
      fs.rmSync(outside, { recursive: true, force: true });
    }
  });

  it('fails a folder whose module breaks the module contract', async () => {
    const wrongShape = folder('odd-numeric', { 'exercise.yaml': yaml('odd-numeric', 'numeric'), 'prompt.md': 'p', 'variant.ts': 'export const exercise = { generate: () => ({}) };\n' });
    expect((await validateExerciseFolder(wrongShape, { seeds: 3 })).checks.at(-1)).toMatchObject({ status: 'fail', message: expect.stringMatching(/variant.ts must export `exercise`, a NumericExerciseDef/) });
  });

  describe('code exercise checks (the folder\'s own cases.ts and reference.ts)', () => {
    let n = 0;
    // A fresh folder each time: a module, once imported, is not read again.
    const check = (reference: string, points = [1, 1], step = 0) => {
      const id = `fake-code-${++n}`;
      const dir = folder(id, {
        'exercise.yaml': yaml(id, 'code', 'languages: [python, javascript]\n'),
        'prompt.md': 'p',
        'starter.py': 'def double(x):\n    pass\n',
        'starter.js': 'export function double(x) {}\n',
        'reference.ts': `export function double(x: number[]): number[] {\n  ${reference}\n}\n`,
        'cases.ts': [
          "import type { CodeExercise } from '@/lib/exercises/code/types';",
          "import { double } from './reference';",
          'export const exercise: CodeExercise = {',
          "  requires: ['double'],",
          '  reference: { double },',
          '  cases: () => [',
          `    { id: 'a', title: 'a', visibility: 'visible', steps: [{ op: 'fn', name: 'double', args: [[1, 2]] }], checks: [{ name: 'values', points: ${points[0]}, step: ${step}, kind: 'values' }] },`,
          `    { id: 'b', title: 'b', visibility: 'after_due_date', steps: [{ op: 'fn', name: 'double', args: [[0, 3]] }], checks: [{ name: 'values', points: ${points[1]}, step: 0, kind: 'values' }] },`,
          '  ],',
          '};',
          '',
        ].join('\n'),
      });
      return validateExerciseFolder(dir);
    };

    it('passes a sound reference, graded in the real sandbox as a submission', async () => {
      const r = await check('return x.map((v) => 2 * v);');
      expect(r.checks.filter((c) => c.status === 'fail')).toEqual([]);
      expect(r.checks.map((c) => c.message)).toContainEqual(expect.stringMatching(/reference runs all 2 cases \(1 visible, 1 hidden\)/));
      expect(r.checks.at(-1)).toEqual({ status: 'ok', message: 'reference graded in the sandbox as a submission: 2/2' });
    });

    it('fails on non-finite reference outputs', async () => {
      const r = await check('return x.map((v) => 1 / v);');
      expect(r.ok).toBe(false);
      expect(r.checks.at(-1)?.message).toMatch(/case "b", step 0: the reference output contains Infinity/);
    });

    it('fails when the reference throws', async () => {
      const r = await check("throw new Error('boom');");
      expect(r.checks.at(-1)).toMatchObject({ status: 'fail' });
      expect(r.checks.at(-1)?.message).toMatch(/boom/);
    });

    it('fails when the points do not add up or a check points at no step', async () => {
      const r = await check('return x;', [1, 3]);
      expect(r.checks.at(-1)?.message).toMatch(/points add up to 4, exercise.yaml says 2/);
      const r2 = await check('return x;', [1, 1], 5);
      expect(r2.checks.at(-1)?.message).toMatch(/case "a", check "values": step 5 does not exist/);
    });
  });

  it('validates a model folder: settings and the starter model', async () => {
    const spec = 'input: [28, 28, 1]\nlayers:\n  - { type: conv2d, filters: 8, kernel_size: 3 }\n  - { type: max_pool2d, pool_size: 2 }\n  - { type: flatten }\n  - { type: dense, units: 10, activation: softmax }\n';
    const good = folder('model-good', { 'exercise.yaml': yaml('model-good', 'model'), 'prompt.md': 'p', 'starter.yaml': spec });
    const r = await validateExerciseFolder(good);
    expect(r.checks.filter((c) => c.status !== 'ok')).toEqual([]);
    expect(r.checks.at(-1)?.message).toMatch(/starter.yaml \(spec\) parses/);
    const none = folder('model-none', { 'exercise.yaml': yaml('model-none', 'model'), 'prompt.md': 'p' });
    expect((await validateExerciseFolder(none)).checks.at(-1)?.message).toMatch(/no starter model/);
    const bad = folder('model-bad', { 'exercise.yaml': yaml('model-bad', 'model'), 'prompt.md': 'p', 'starter.yaml': 'layers:\n  - { type: conv9d }\n' });
    const rb = await validateExerciseFolder(bad);
    expect(rb.ok).toBe(false);
    expect(rb.checks.at(-1)?.message).toMatch(/^starter model: starter.yaml: /);
  });

  it('validates an authored numeric exercise exported as JSON', async () => {
    const def = {
      id: 'authored',
      title: 'Params of a conv layer',
      week: 1,
      points: 1,
      prompt: '$k={{k}}$, $c={{c}}$, {{f}} filters',
      params: [
        { name: 'k', choices: [3, 5] },
        { name: 'c', min: 1, max: 3 },
        { name: 'f', min: 4, max: 64, step: 4 },
      ],
      fields: [{ name: 'n', label: 'Parameters', type: 'integer', formula: '(k*k*c + 1) * f' }],
    };
    const good = path.join(tmp, 'authored.json');
    fs.writeFileSync(good, JSON.stringify(def));
    const [r] = await validatePath(good, { seeds: 20 });
    expect(r).toMatchObject({ ok: true, kind: 'authored' });
    const bad = path.join(tmp, 'authored-bad.json');
    fs.writeFileSync(bad, JSON.stringify({ ...def, fields: [{ ...def.fields[0], formula: '(k*k*channels + 1) * f' }] }));
    const { code, out } = await runCli([bad]);
    expect(code).toBe(1);
    expect(out).toMatch(/fields.0.formula: unknown symbol "channels"/);
  });

  it('rejects paths that are not exercises', async () => {
    await expect(validatePath(path.join(tmp, 'nope'))).rejects.toThrow(CliUsageError);
    const empty = path.join(tmp, 'empty');
    fs.mkdirSync(empty, { recursive: true });
    await expect(validatePath(empty)).rejects.toThrow(/no exercise folder/);
    await expect(command.run([empty, '--seeds', '0'])).rejects.toThrow(/--seeds/);
  });

  it('validates every folder under a directory and counts them', async () => {
    const root = path.join(tmp, 'tree');
    fs.mkdirSync(root);
    fs.cpSync(path.join(tmp, 'model-good'), path.join(root, 'model-good'), { recursive: true });
    fs.cpSync(path.join(tmp, 'bad-yaml'), path.join(root, 'bad-yaml'), { recursive: true });
    const reports = await validatePath(root);
    expect(reports.map((r) => [r.target, r.ok])).toEqual([
      [path.join(root, 'bad-yaml'), false],
      ['model-good', true],
    ]);
    expect(formatReports(reports)).toMatch(/validate: 1 passed, 1 failed$/);
  });
});

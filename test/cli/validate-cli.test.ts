import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { command, formatReports, validateExerciseFolder, validatePath, type ModuleLoader } from '../../cli/validate';
import { CliUsageError } from '../../cli/command';
import type { CodeExercise } from '../../lib/exercises/code/types';

const repo = path.resolve(import.meta.dirname, '../..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'convgrade-validate-'));
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

/** a loader that serves fake modules for some specifiers and imports the rest */
const fakeLoader =
  (fakes: Record<string, unknown>): ModuleLoader =>
  (spec) =>
    spec in fakes ? Promise.resolve(fakes[spec]) : import(path.join(repo, 'cli', spec));

describe('convgrade validate on the real exercises', () => {
  it('passes a code exercise: starters present, reference runs every case', async () => {
    const { code, out } = await runCli([path.join(repo, 'exercises/conv3x3')]);
    expect(out).toMatch(/^PASS {2}conv3x3 \(code\)/m);
    expect(out).toMatch(/reference runs all \d+ cases/);
    expect(out).toMatch(/reference graded in the sandbox as a submission: 10\/10/);
    expect(out).toMatch(/validate: 1 passed, 0 failed/);
    expect(code).toBe(0);
  });

  it('fails a code exercise whose reference.ts, graded in the sandbox, disagrees with the registered reference', async () => {
    const dir = path.join(tmp, 'broken-copy', 'conv3x3');
    fs.cpSync(path.join(repo, 'exercises/conv3x3'), dir, { recursive: true });
    const ref = path.join(dir, 'reference.ts');
    // Rewrite the tensor import for the copy's new place, and break forward's sum.
    fs.writeFileSync(ref, fs.readFileSync(ref, 'utf8').replace("'../../lib/exercises/code/tensor'", `'${path.join(repo, 'lib/exercises/code/tensor')}'`).replace('s += input', 's -= input'));
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

  it('names the missing starter files and an unregistered code exercise', async () => {
    const dir = folder('lonely-code', {
      'exercise.yaml': yaml('lonely-code', 'code', 'languages: [python, typescript, javascript]\n'),
      'prompt.md': 'Write it.',
      'starter.py': 'def f():\n    pass\n',
    });
    const r = await validateExerciseFolder(dir);
    expect(r.ok).toBe(false);
    const fails = r.checks.filter((c) => c.status === 'fail').map((c) => c.message);
    expect(fails).toContainEqual('no starter code for typescript, javascript (expected starter.ts, starter.js)');
    expect(fails.some((m) => /not registered in lib\/exercises\/code\/registry.ts/.test(m))).toBe(true);
  });

  it('fails an unregistered numeric exercise and a missing prompt', async () => {
    const dir = folder('lonely-numeric', { 'exercise.yaml': yaml('lonely-numeric', 'numeric') });
    const r = await validateExerciseFolder(dir, { seeds: 3 });
    const fails = r.checks.filter((c) => c.status === 'fail').map((c) => c.message);
    expect(fails).toContain('prompt.md is missing or empty');
    expect(fails.some((m) => /not registered in lib\/exercises\/numeric/.test(m))).toBe(true);
  });

  it('reports a missing module as skipped, not failed, and a broken one as failed', async () => {
    const dir = folder('skip-numeric', { 'exercise.yaml': yaml('skip-numeric', 'numeric'), 'prompt.md': 'p' });
    const missing: ModuleLoader = async (spec) => {
      throw Object.assign(new Error(`Cannot find module '${path.join(repo, spec.replace('../', ''))}'`), { code: 'ERR_MODULE_NOT_FOUND' });
    };
    const r = await validateExerciseFolder(dir, { load: missing });
    expect(r.ok).toBe(true);
    expect(r.checks).toContainEqual({ status: 'skip', message: 'numeric answers skipped: lib/exercises/numeric not available' });

    const broken: ModuleLoader = async () => {
      throw new SyntaxError('Unexpected token in variant.ts');
    };
    const r2 = await validateExerciseFolder(dir, { load: broken });
    expect(r2.ok).toBe(false);
    expect(r2.checks.at(-1)).toEqual({ status: 'fail', message: 'numeric answers: Unexpected token in variant.ts' });
  });

  describe('code exercise checks (with a fake registry)', () => {
    const dir = folder('fake-code', {
      'exercise.yaml': yaml('fake-code', 'code', 'languages: [python]\n'),
      'prompt.md': 'p',
      'starter.py': 'def double(x):\n    pass\n',
      'reference.ts': '',
      'cases.ts': '',
    });
    const make = (reference: (x: number[]) => number[], points = [1, 1], step = 0): CodeExercise => ({
      id: 'fake-code',
      requires: ['double'],
      reference: { double: reference },
      cases: () => [
        { id: 'a', title: 'a', visibility: 'visible', steps: [{ op: 'fn', name: 'double', args: [[1, 2]] }], checks: [{ name: 'values', points: points[0]!, step, kind: 'values' }] },
        { id: 'b', title: 'b', visibility: 'after_due_date', steps: [{ op: 'fn', name: 'double', args: [[0, 3]] }], checks: [{ name: 'values', points: points[1]!, step: 0, kind: 'values' }] },
      ],
    });
    const check = (exercise: CodeExercise) =>
      validateExerciseFolder(dir, {
        load: (spec) =>
          spec === '../worker/code/grade-code'
            ? Promise.reject(Object.assign(new Error(`Cannot find module '${spec}'`), { code: 'ERR_MODULE_NOT_FOUND' }))
            : fakeLoader({ '../lib/exercises/code/registry': { getCodeExercise: (id: string) => (id === exercise.id ? exercise : undefined) } })(spec),
      });

    it('passes a sound reference', async () => {
      const r = await check(make((x) => x.map((v) => 2 * v)));
      expect(r.ok).toBe(true);
      expect(r.checks.map((c) => c.message)).toContainEqual(expect.stringMatching(/reference runs all 2 cases \(1 visible, 1 hidden\)/));
      // The fake registry has no sandbox grader: that step is reported, not silently passed.
      expect(r.checks.at(-1)).toMatchObject({ status: 'skip', message: expect.stringMatching(/reference as a submission skipped/) });
    });

    it('fails on non-finite reference outputs', async () => {
      const r = await check(make((x) => x.map((v) => 1 / v)));
      expect(r.ok).toBe(false);
      expect(r.checks.at(-1)?.message).toMatch(/case "b", step 0: the reference output contains Infinity/);
    });

    it('fails when the reference throws', async () => {
      const r = await check(
        make(() => {
          throw new Error('boom');
        }),
      );
      expect(r.checks.at(-1)).toMatchObject({ status: 'fail' });
      expect(r.checks.at(-1)?.message).toMatch(/boom/);
    });

    it('fails when the points do not add up or a check points at no step', async () => {
      const r = await check(make((x) => x, [1, 3]));
      expect(r.checks.at(-1)?.message).toMatch(/points add up to 4, exercise.yaml says 2/);
      const r2 = await check(make((x) => x, [1, 1], 5));
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

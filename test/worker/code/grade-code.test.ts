import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadExercise } from '../../../lib/exercises/load';
import { ZGradeResult } from '../../../lib/grading/results';
import { exportResultsJson } from '../../../lib/export/results-json';
import { gradeCode } from '../../../worker/code/grade-code';
import { discoverExercises } from '../../../lib/exercises/discover';
import { folderIds } from '../../helpers/exercises';

// Grading end to end: real sandbox, real harnesses, fixtures written as students would.

const fixture = (p: string) => fs.readFileSync(path.resolve('test/fixtures', p), 'utf8');
const points = (id: string) => loadExercise(path.resolve('exercises', id)).meta.points;

describe('gradeCode', () => {
  it('grades every code exercise folder: the worker discovers them all', async () => {
    expect(folderIds('code').length).toBeGreaterThan(0);
    expect((await discoverExercises()).codeIds()).toEqual(folderIds('code'));
  });

  // the course notes' own numpy classes, exactly as printed, must score full marks
  it.each(['conv3x3', 'maxpool2', 'softmax'])("gives the notes' own %s full marks", async (id) => {
    const r = await gradeCode({ exerciseId: id, language: 'python', source: fixture(`seed/${id}.py`), mode: 'submit' });
    expect(ZGradeResult.parse(r)).toEqual(r);
    expect(r.gradable).toBe(true);
    expect(r.tests.filter((t) => t.status === 'failed').map((t) => `${t.name}: ${t.output}`)).toEqual([]);
    expect(r.score).toBe(points(id));
    expect(r.max_score).toBe(points(id));
  });

  it.each([
    ['conv3x3', 'typescript', 'conv3x3.ts'],
    ['conv3x3', 'javascript', 'conv3x3.js'],
    ['maxpool2', 'typescript', 'maxpool2.ts'],
    ['maxpool2', 'javascript', 'maxpool2.js'],
    ['softmax', 'typescript', 'softmax.ts'],
    ['softmax', 'javascript', 'softmax.js'],
    ['conv2d', 'python', 'conv2d.py'],
    ['conv2d', 'typescript', 'conv2d.ts'],
    ['conv3x3-input-grad', 'python', 'conv3x3-input-grad.py'],
    ['conv3x3-input-grad', 'javascript', 'conv3x3-input-grad.js'],
  ] as const)('gives a correct %s solution in %s full marks', async (id, language, file) => {
    const r = await gradeCode({ exerciseId: id, language, source: fixture(`code/${file}`), mode: 'submit' });
    expect(r.tests.filter((t) => t.status === 'failed').map((t) => `${t.name}: ${t.output}`)).toEqual([]);
    expect(r.score).toBe(points(id));
  });

  it('runs only visible tests in visible mode, and all of them on submit', async () => {
    const source = fixture('seed/conv3x3.py');
    const visible = await gradeCode({ exerciseId: 'conv3x3', language: 'python', source, mode: 'visible' });
    const submit = await gradeCode({ exerciseId: 'conv3x3', language: 'python', source, mode: 'submit' });
    expect(visible.tests.every((t) => t.visibility === 'visible')).toBe(true);
    expect(visible.tests.length).toBeLessThan(submit.tests.length);
    expect(visible.max_score).toBeLessThan(submit.max_score);
    expect(submit.tests.some((t) => t.visibility !== 'visible')).toBe(true);
    expect(visible.output).toContain('visible tests only');
  });

  it("the starter code runs, fails every behaviour test and shows the student's own traceback", async () => {
    const r = await gradeCode({ exerciseId: 'conv3x3', language: 'python', source: fs.readFileSync('exercises/conv3x3/starter.py', 'utf8'), mode: 'visible' });
    expect(r.gradable).toBe(true);
    const forward = r.tests.find((t) => t.name.startsWith('forward values'))!;
    expect(forward.status).toBe('failed');
    expect(forward.output).toContain('File "submission.py", line');
    expect(forward.output).toContain('NotImplementedError');
    expect(forward.output).not.toContain('harness');
    // the starter's constructor already has the right filters shape
    expect(r.tests.find((t) => t.name.startsWith('filters shape'))!.status).toBe('passed');
  });

  it('maps TypeScript errors back to the line in the .ts file', async () => {
    const r = await gradeCode({ exerciseId: 'conv3x3', language: 'typescript', source: fs.readFileSync('exercises/conv3x3/starter.ts', 'utf8'), mode: 'visible' });
    const forward = r.tests.find((t) => t.name.startsWith('forward values'))!;
    const line = fs.readFileSync('exercises/conv3x3/starter.ts', 'utf8').split('\n').findIndex((l) => l.includes("throw new Error('not implemented')")) + 1;
    expect(forward.output).toContain(`submission.ts:${line}:`);
    expect(forward.output).not.toContain('harness.mjs');
  });

  it('explains a wrong gradient routing separately from wrong forward values', async () => {
    // routes the gradient to all four positions of each window instead of the max only
    const source = fixture('seed/maxpool2.py').replace('if im_region[i2, j2, f2] == amax[f2]:', 'if True:');
    const r = await gradeCode({ exerciseId: 'maxpool2', language: 'python', source, mode: 'visible' });
    const byName = (n: string) => r.tests.filter((t) => t.name.startsWith(n));
    expect(byName('forward values').every((t) => t.status === 'passed')).toBe(true);
    const routing = byName('gradient routed to max only');
    expect(routing.every((t) => t.status === 'failed')).toBe(true);
    expect(routing[0]!.output).toContain('non-zero where they should be zero');
    expect(routing[0]!.output).toContain('Hint:');
    expect(r.score).toBeGreaterThan(0);
    expect(r.score).toBeLessThan(r.max_score);
  });

  it('says "wrong shape" for a swapped axis order', async () => {
    const source = fixture('seed/conv3x3.py').replace('output[i, j] = np.sum', 'output[i, j] = np.sum').replace(
      'return output',
      'return np.transpose(output, (2, 0, 1))',
    );
    const r = await gradeCode({ exerciseId: 'conv3x3', language: 'python', source, mode: 'visible' });
    const shape = r.tests.find((t) => t.name.startsWith('forward shape · 3 filters'))!;
    expect(shape.status).toBe('failed');
    expect(shape.output).toContain('wrong shape: expected (4, 3, 3), got (3, 4, 3)');
  });

  it("an honest output nested deeper than the harness's depth cap is a wrong answer, not tampering", async () => {
    // numpy's tolist() nests an array's dimensions (32 or 64, by version) without passing the
    // harness's cap, and the grader refuses values deeper than that cap as forged
    const py = fixture('seed/conv3x3.py').replace('return output', 'return [[[np.zeros((1,) * 32)]]]');
    const js = fixture('code/conv3x3.js').replace(/forward\(([^)]*)\) \{/, 'forward($1) { let v = 0; for (let i = 0; i < 40; i++) v = [v]; return v;');
    expect(js).not.toBe(fixture('code/conv3x3.js'));
    for (const [language, source] of [['python', py], ['javascript', js]] as const) {
      const r = await gradeCode({ exerciseId: 'conv3x3', language, source, mode: 'visible' });
      expect(r.output).not.toContain('result channel');
      expect(r.extra_data).not.toHaveProperty('tampered');
      const shape = r.tests.find((t) => t.name.startsWith('forward shape'))!;
      expect(shape.status).toBe('failed');
      expect(shape.output).toContain('expected an array of shape');
    }
  });

  it('makes a syntax error or a missing class ungradable, with the message', async () => {
    const py = await gradeCode({ exerciseId: 'conv3x3', language: 'python', source: 'class Conv3x3\n  pass\n', mode: 'submit' });
    expect(py.gradable).toBe(false);
    expect(py.format_errors[0]).toContain('SyntaxError');
    expect(py.format_errors[0]).toContain('line 1');
    const ts = await gradeCode({ exerciseId: 'conv3x3', language: 'typescript', source: 'export class Conv3x3 { forward( { }', mode: 'submit' });
    expect(ts.gradable).toBe(false);
    expect(ts.format_errors[0]).toMatch(/submission\.ts:1:\d+: error/);
    const missing = await gradeCode({ exerciseId: 'softmax', language: 'javascript', source: 'export class SoftMax {}', mode: 'submit' });
    expect(missing.gradable).toBe(false);
    expect(missing.format_errors[0]).toContain('`export class Softmax`');
    // a module name that no machine can have installed
    const missingModule = `no_such_module_${randomBytes(6).toString('hex')}`;
    const importError = await gradeCode({ exerciseId: 'conv3x3', language: 'python', source: `import ${missingModule}\n`, mode: 'submit' });
    expect(importError.gradable).toBe(false);
    expect(importError.format_errors[0]).toContain(`No module named '${missingModule}'`);
  });

  it('rejects an unknown exercise as an infrastructure/payload error', async () => {
    await expect(gradeCode({ exerciseId: 'nope', language: 'python', source: '', mode: 'submit' })).rejects.toThrow(/not a code exercise/);
  });

  it('reports progress while running', async () => {
    const messages: string[] = [];
    await gradeCode({ exerciseId: 'conv2d', language: 'python', source: fixture('code/conv2d.py'), mode: 'visible', onProgress: (p) => messages.push(p.message ?? '') });
    expect(messages[0]).toContain('running 3 test cases');
    expect(messages.at(-1)).toBe('test case 3/3 done');
  });

  it("passes each case's visibility through, and results.json shows students only what it allows", async () => {
    const r = await gradeCode({ exerciseId: 'conv3x3', language: 'python', source: fixture('seed/conv3x3.py'), mode: 'submit' });
    const visibilityOf = (caseTitle: string) => [...new Set(r.tests.filter((t) => t.name.endsWith(`· ${caseTitle}`)).map((t) => t.visibility))];
    expect(visibilityOf("the notes' 4×4 image with a vertical Sobel filter")).toEqual(['visible']);
    expect(visibilityOf("8 filters on a 28×28 image (the notes' MNIST layer)")).toEqual(['after_due_date']);
    expect(visibilityOf('two training steps on different images')).toEqual(['hidden']);
    const deadline = new Date('2026-11-01T00:00:00Z');
    const student = (now: string) => exportResultsJson({ result: r, audience: 'student', now: new Date(now), deadline });
    const shown = (x: ReturnType<typeof student>) => x.tests.filter((t) => !t.output_hidden).length;
    const count = (v: string) => r.tests.filter((t) => t.visibility === v).length;
    const before = student('2026-10-31T00:00:00Z');
    const after = student('2026-11-02T00:00:00Z');
    expect(shown(before)).toBe(count('visible'));
    expect(shown(after)).toBe(count('visible') + count('after_due_date'));
    // hidden: never, and under a neutral name; the score still counts
    expect(JSON.stringify(after)).not.toContain('two training steps');
    expect(after.score).toBe(r.score);
  });

  it("reports the time spent in the student's own code, for the benchmark's overhead figure", async () => {
    // sleeping at import is the student's time: it must be counted, and it is a lower bound whatever the load
    const py = await gradeCode({ exerciseId: 'conv3x3', language: 'python', source: `import time\ntime.sleep(0.3)\n${fixture('seed/conv3x3.py')}`, mode: 'visible' });
    const js = await gradeCode({ exerciseId: 'conv3x3', language: 'javascript', source: `await new Promise((r) => setTimeout(r, 300));\n${fixture('code/conv3x3.js')}`, mode: 'visible' });
    for (const r of [py, js]) {
      expect(r.score).toBe(r.max_score);
      const sandbox = r.extra_data!.sandbox as { wallMs: number; studentComputeMs: number };
      expect(sandbox.studentComputeMs).toBeGreaterThanOrEqual(290);
      expect(sandbox.studentComputeMs).toBeLessThanOrEqual(sandbox.wallMs);
    }
  });
});

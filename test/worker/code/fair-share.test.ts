import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { envValue } from '../../../lib/env';
import { gradeCode, type GradeCodeOptions } from '../../../worker/code/grade-code';
import { actAsWorker } from '../../helpers/cpu-cgroup';

// A hostile submission shares the machine with honest ones: capped at one core and its
// cpuSeconds in total, weighted below the worker (this process plays it, as
// worker/main.ts sets it up), and ended once its results are in.

const SEED = fs.readFileSync(path.resolve('test/fixtures/seed/conv3x3.py'), 'utf8');
const JS = fs.readFileSync(path.resolve('test/fixtures/code/conv3x3.js'), 'utf8');
const grade = (source: string, o: Partial<GradeCodeOptions> = {}) => gradeCode({ exerciseId: 'conv3x3', language: 'python', source, mode: 'submit', ...o });
const sandboxOf = (r: { extra_data?: Record<string, unknown> }) => r.extra_data!.sandbox as { endReason: string; cpuMs: number; timedOut: boolean };

/** CPU time so far of this process's runs, from their cpuacct groups */
function ourRunsCpuMs(): number {
  const dir = path.join(envValue('CONVGRADE_CGROUP_ROOT'), 'cpuacct', 'convgrade', 'boxes');
  if (!fs.existsSync(dir)) return 0;
  return fs
    .readdirSync(dir)
    .filter((n) => n.startsWith(`run-${process.pid}-`))
    .reduce((s, n) => s + Number(fs.readFileSync(path.join(dir, n, 'cpuacct.usage'), 'utf8') || 0) / 1e6, 0);
}

describe('fair share', () => {
  let worker: ReturnType<typeof actAsWorker>;
  beforeAll(() => {
    worker = actAsWorker();
    expect(worker.priority.method).toBe('cgroup');
  });
  afterAll(() => worker.restore());

  it('an honest submission graded beside 60 setsid() spinners keeps full marks; the spinners get their CPU budget, no more', async () => {
    const hog = [
      'import os',
      'for i in range(60):',
      '    if os.fork() == 0:',
      '        os.setsid()',
      '        while True: pass',
      'while True: pass',
    ].join('\n');
    const hogDone = grade(hog, { limits: { wallSeconds: 120, cpuSeconds: 2, processes: 80 } }).then((r) => ({ r, at: performance.now() }));
    // the honest one starts once the spinners are running (a small budget: this test shares
    // the machine with other test files, and the spinners hold a whole core while they last)
    for (let i = 0; i < 600 && ourRunsCpuMs() < 300; i++) await new Promise((r) => setTimeout(r, 50));
    expect(ourRunsCpuMs()).toBeGreaterThanOrEqual(300);
    // a generous wall clock: the point is the marks, not how fast a loaded machine is
    const honest = await grade(SEED, { limits: { wallSeconds: 120 } });
    const honestAt = performance.now();
    const hogResult = await hogDone;
    expect(honest.score).toBe(honest.max_score);
    expect(sandboxOf(honest).endReason).toBe('exited');
    // the spinners were still running while the honest one was graded
    expect(hogResult.at).toBeGreaterThan(honestAt);
    expect(sandboxOf(hogResult.r).endReason).toBe('cpu-time');
    expect(hogResult.r.output).toContain('CPU time limit of 2 s exceeded');
    // 61 processes, each under RLIMIT_CPU alone, could have used 61 × 2 s
    expect(sandboxOf(hogResult.r).cpuMs).toBeLessThan(4000);
    // a loaded machine may take long; what is asserted is the marks and the budget
  }, 300_000);
});

describe('the end of a run', () => {
  it('Python: a correct submission that sleeps instead of exiting is ended after its last result, at full marks', async () => {
    // the harness ends with os._exit, which skips atexit hooks: so the submission replaces it
    const r = await grade(`import os, time\nos._exit = lambda code: time.sleep(60)\n${SEED}`, { limits: { wallSeconds: 30 } });
    expect(r.score).toBe(r.max_score);
    expect(sandboxOf(r).endReason).toBe('lingered');
    expect(sandboxOf(r).timedOut).toBe(false);
  });

  it('JavaScript: a busy exit handler is ended the same way', async () => {
    const r = await grade(`process.on('exit', () => { for (;;) {} });\n${JS}`, { language: 'javascript', limits: { wallSeconds: 30 } });
    expect(r.score).toBe(r.max_score);
    expect(sandboxOf(r).endReason).toBe('lingered');
  });

  it('a harmless submission ends by itself', async () => {
    const r = await grade(SEED);
    expect(sandboxOf(r).endReason).toBe('exited');
  });
});

describe('values the harness cannot encode', () => {
  it('Python: an int too large for a float, and a class whose __name__ is not a string, are failed tests, not tampering', async () => {
    const huge = await grade(SEED.replace('        return output\n', '        return 10 ** 400\n'), { mode: 'visible' });
    expect(huge.extra_data!.tampered).toBeUndefined();
    expect(huge.gradable).toBe(true);
    const forward = huge.tests.find((t) => t.name.startsWith('forward values'))!;
    expect(forward.status).toBe('failed');
    expect(forward.output).toContain('forward() returned an object of type int that cannot be compared');
    expect(huge.output).not.toContain('result channel');

    const weird = [
      'class Meta(type):',
      '    @property',
      '    def __name__(cls): return object()',
      'class Weird(metaclass=Meta): pass',
      SEED.replace('        return output\n', '        return Weird()\n'),
    ].join('\n');
    const r = await grade(weird, { mode: 'visible' });
    expect(r.extra_data!.tampered).toBeUndefined();
    expect(r.tests.find((t) => t.name.startsWith('forward values'))!.status).toBe('failed');
    expect(r.tests.find((t) => t.name.startsWith('filter update'))!.status).toBe('passed');
  });

  it('JavaScript: an array whose elements cannot be read is a failed test with a clear message', async () => {
    const source = JS.replace('    return out;\n', "    return new Proxy(out, { get(t, k) { if (k === 'length') throw new Error('no'); return t[k]; } });\n");
    const r = await grade(source, { language: 'javascript', mode: 'visible' });
    expect(r.extra_data!.tampered).toBeUndefined();
    const forward = r.tests.find((t) => t.name.startsWith('forward values'))!;
    expect(forward.output).toContain('forward() returned an object of type Array that cannot be compared');
  });
});

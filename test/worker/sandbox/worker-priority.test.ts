import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { ZSandboxLimits } from '../../../lib/exercises/schema';
import { actAsWorker, boxesGroup, cpuGroupOf, weightFile } from '../../helpers/cpu-cgroup';
import { killGroup, spawnWorker, waitFor } from '../../helpers/processes';
import { runSandboxed } from '../../../worker/sandbox/run-sandboxed';
import { FALLBACK_NICE, raiseWorkerPriority } from '../../../worker/sandbox/worker-priority';

// Boxes below the worker: this test process plays the worker, joins its cgroup as the
// worker does at start-up, and reads back what the kernel was told, for itself and for
// the processes of a running box. Works on either cgroup version (the paths come from
// /proc/<pid>/cgroup); afterwards this process goes back to the group it came from.

const weightOf = (dir: string) => Number(fs.readFileSync(path.join(dir, weightFile()), 'utf8'));
/** the nice value (field 19 of /proc/<pid>/stat, counted after the command's closing parenthesis) */
const niceOf = (pid: number | 'self') => Number(fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')[16]);
const cpuTicksOf = (pid: number) => {
  const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return Number(f[11]) + Number(f[12]);
};

const children: ChildProcess[] = [];
let asWorker: ReturnType<typeof actAsWorker> | undefined;
/** this process as the worker, once for the file (so it can go back to where it was) */
const becomeWorker = () => (asWorker ??= actAsWorker());
afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
  asWorker?.restore();
});

/** runs `argv` in a box and calls `look` with the box's processes once it wrote its first line to fd 3 */
async function whileBoxRuns(argv: string[], look: (pids: number[]) => void | Promise<void>) {
  let seen: Promise<void> | undefined;
  const run = await runSandboxed({
    files: {},
    argv,
    limits: ZSandboxLimits.parse({ wallSeconds: 30, cpuSeconds: 30, processes: 8 }),
    onResultLine: (_line, box) => {
      const boxes = boxesGroup();
      const pids = fs
        .readdirSync(boxes)
        .filter((n) => n.startsWith(`run-${process.pid}-`))
        .flatMap((n) => fs.readFileSync(path.join(boxes, n, 'cgroup.procs'), 'utf8').split('\n').filter(Boolean).map(Number));
      seen = Promise.resolve(look(pids)).finally(() => box.finished());
    },
  });
  expect(seen).toBeDefined();
  await seen;
  expect(run.endReason).toBe('lingered');
}

describe('the worker above its boxes, on this machine', () => {
  it('the worker joins convgrade/worker/, weighted above convgrade/boxes/ where every box runs, at its own nice + 10', async () => {
    const { priority: got, lines } = becomeWorker();
    expect(got.method).toBe('cgroup');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^\[sandbox\] priority: the worker runs in .*convgrade\/worker/);

    const worker = cpuGroupOf('self');
    expect(path.basename(worker)).toBe('worker');
    expect(path.basename(path.dirname(worker))).toBe('convgrade');
    await whileBoxRuns(['/bin/sh', '-c', 'echo ready >&3; exec sleep 30'], (pids) => {
      expect(pids.length).toBeGreaterThan(0);
      for (const pid of pids) {
        const run = cpuGroupOf(pid);
        const boxes = path.dirname(run);
        expect(path.basename(run)).toMatch(/^run-/);
        expect(path.basename(boxes)).toBe('boxes');
        // siblings under one parent, so the weights compare with each other and with nothing else
        expect(path.dirname(boxes)).toBe(path.dirname(worker));
        expect(weightOf(worker)).toBeGreaterThan(weightOf(boxes));
        expect(weightOf(worker)).toBe(4 * weightOf(boxes));
        // against the rest of the machine, the pair weighs at least what the boxes alone did
        expect(weightOf(path.dirname(worker))).toBeGreaterThanOrEqual(weightOf(boxes));
        expect(niceOf(pid)).toBe(Math.min(19, niceOf('self') + 10));
      }
    });
  });

  it('when both want one core, the worker gets more of it than a spinning box', async () => {
    expect(becomeWorker().priority.method).toBe('cgroup');
    // a spinner the worker starts is in the worker's group; both pinned to the same core
    const spinner = spawn('taskset', ['-c', '0', '/bin/sh', '-c', 'while :; do :; done'], { stdio: 'ignore' });
    children.push(spinner);
    await whileBoxRuns(['/bin/sh', '-c', 'echo ready >&3; exec taskset -c 0 /bin/sh -c "while :; do :; done"'], async (pids) => {
      // all the box's processes (bubblewrap's own too, which sleep), the shell that spins among them
      const boxTicks = () => pids.reduce((sum, p) => sum + cpuTicksOf(p), 0);
      const before = [cpuTicksOf(spinner.pid!), boxTicks()];
      await new Promise((r) => setTimeout(r, 2000));
      const worker = cpuTicksOf(spinner.pid!) - before[0]!;
      const boxed = boxTicks() - before[1]!;
      // the box spun too: the comparison is between two that both wanted the core
      expect(boxed).toBeGreaterThan(0);
      // 4:1 by weight; other load on that core shrinks both alike
      expect(worker).toBeGreaterThan(2 * boxed);
    });
    spinner.kill('SIGKILL');
  });
});

describe('the real worker', () => {
  it('a grading worker joins convgrade/worker/ at start-up and says so before serving', async () => {
    const w = spawnWorker({ REDIS_URL: `${inject('redisUrl')}/8`, WORKER_QUEUES: 'grade' });
    try {
      await waitFor('the worker to serve', async () => w.logs().includes('serving grade'));
      const logs = w.logs();
      expect(logs.indexOf('[sandbox] priority: the worker runs in')).toBeGreaterThanOrEqual(0);
      expect(logs.indexOf('[sandbox] priority:')).toBeLessThan(logs.indexOf('serving grade'));
      const group = cpuGroupOf(w.pid!);
      expect(path.basename(group)).toBe('worker');
      expect(path.basename(path.dirname(group))).toBe('convgrade');
    } finally {
      killGroup(w);
    }
  }, 120_000);
});

describe('where the worker cannot have a cgroup', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });
  const sleeper = () => {
    const c = spawn('sleep', ['60'], { stdio: 'ignore' });
    children.push(c);
    return c.pid!;
  };

  it('no cgroups under the root: nice -5 for the worker instead, and one log line saying so', () => {
    const pid = sleeper();
    const lines: string[] = [];
    const got = raiseWorkerPriority({ root: path.join(os.tmpdir(), 'convgrade-no-such-cgroup-root'), pid, log: (l) => lines.push(l) });
    expect(got).toMatchObject({ method: 'nice', nice: FALLBACK_NICE });
    expect(niceOf(pid)).toBe(FALLBACK_NICE);
    expect(lines).toEqual([expect.stringMatching(/cannot have a cgroup of its own \(no usable cgroups under .*\); it runs at nice -5 instead/)]);
  });

  it('a v2 tree that refuses the move: the weights of the pair are left alone, and nice is the fallback', () => {
    const fake = fs.mkdtempSync(path.join(os.tmpdir(), 'convgrade-priority-'));
    dirs.push(fake);
    fs.writeFileSync(path.join(fake, 'cgroup.controllers'), 'cpu memory pids\n');
    // a directory where the kernel's file would be: writing the pid fails
    fs.mkdirSync(path.join(fake, 'convgrade', 'worker', 'cgroup.procs'), { recursive: true });
    const pid = sleeper();
    const got = raiseWorkerPriority({ root: fake, pid, log: () => undefined });
    expect(got.method).toBe('nice');
    // convgrade/ not raised: the boxes alone do not get the pair's weight
    expect(fs.existsSync(path.join(fake, 'convgrade', 'cpu.weight'))).toBe(false);
  });

  it('neither a cgroup nor nice: grading goes on at equal priority, and the log line gives both reasons', () => {
    const gone = spawn('true');
    const lines: string[] = [];
    return new Promise<void>((done) =>
      gone.on('exit', () => {
        const got = raiseWorkerPriority({ root: path.join(os.tmpdir(), 'convgrade-no-such-cgroup-root'), pid: gone.pid!, log: (l) => lines.push(l) });
        expect(got.method).toBe('none');
        expect(lines).toEqual([expect.stringMatching(/boxes run at the worker's own priority: .*no usable cgroups.*; nice -5: .*ESRCH/)]);
        done();
      }),
    );
  });

  it('cgroup v2 layout: worker/ at 400, boxes/ at 100, convgrade/ at 200 once the worker is in, controllers delegated down', () => {
    const fake = fs.mkdtempSync(path.join(os.tmpdir(), 'convgrade-priority-'));
    dirs.push(fake);
    fs.writeFileSync(path.join(fake, 'cgroup.controllers'), 'cpuset cpu io memory pids\n');
    fs.writeFileSync(path.join(fake, 'cgroup.subtree_control'), '');
    const lines: string[] = [];
    const got = raiseWorkerPriority({ root: fake, pid: 4242, log: (l) => lines.push(l) });
    expect(got).toEqual({
      method: 'cgroup',
      version: 2,
      workerDir: path.join(fake, 'convgrade', 'worker'),
      boxesDir: path.join(fake, 'convgrade', 'boxes'),
      workerWeight: 400,
      boxesWeight: 100,
      parentWeight: 200,
    });
    const read = (f: string) => fs.readFileSync(path.join(fake, f), 'utf8');
    expect(read('convgrade/worker/cgroup.procs')).toBe('4242');
    expect([read('convgrade/worker/cpu.weight'), read('convgrade/boxes/cpu.weight'), read('convgrade/cpu.weight')]).toEqual(['400', '100', '200']);
    for (const f of ['cgroup.subtree_control', 'convgrade/cgroup.subtree_control', 'convgrade/boxes/cgroup.subtree_control']) expect(read(f)).toBe('+memory +pids +cpu');
    expect(lines[0]).toContain('(cpu.weight 400)');
  });
});

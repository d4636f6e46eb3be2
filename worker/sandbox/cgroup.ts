import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { envValue } from '../../lib/env';

// One cgroup per run, limiting memory, processes and CPU. cgroup v1 (this machine:
// separate memory, pids, cpu and cpuacct hierarchies) and cgroup v2 (one unified
// hierarchy) are both supported. The sandbox's wrapper shell writes its own pid into
// each group's cgroup.procs before it execs bubblewrap (procsFiles: one on v2), so
// every process of the submission is counted from its first instruction.
//
// CPU: each run gets at most one core (a CFS quota of one period per period), and
// its CPU time is the sum over all its processes (cpuacct.usage / cpu.stat), which
// the sandbox holds to the exercise's cpuSeconds.
//
// Priority, as three groups (worker-priority.ts moves the worker into the first):
//   convgrade/            the worker and its boxes, weighing as two ordinary processes
//     worker/             the worker process: 4 times the weight of all its boxes
//     boxes/              every run, shared equally among the runs in it
//       run-<pid>-<hex>/  one run: memory, pids, one core, its CPU time
// Weights only matter when the CPU is contended, and the worker mostly waits on its
// boxes, so they lose nothing to it then; when it does need the CPU (lock renewals,
// reference outputs, comparing) it comes first. However many processes a box starts
// (60 setsid()'d spinners), they share boxes/'s weight, so no box starves another or
// the worker. Against the rest of the machine the pair weighs what it did when the
// worker was an ordinary process beside one boxes group: lowering the boxes' weight
// against everything instead made every box run slower than an ordinary process on a
// loaded machine (measured: twice as slow at a load of 20), and tight wall limits
// failed honest code. While no worker is in worker/ (it could not join, or the grader
// is the CLI), convgrade/ has the kernel's default weight: the boxes together weigh as
// one process, as before.

// read when called, as envValue intends, so a test can point the sandbox elsewhere
const defaultRoot = () => envValue('CONVGRADE_CGROUP_ROOT');
export const PARENT = 'convgrade';
export const BOXES = 'boxes';
export const WORKER = 'worker';
const CFS_PERIOD_US = 100_000;
/** cpu.shares (v1) and cpu.weight (v2) of each group; the kernel's default is 1024 / 100 */
export const WEIGHTS = {
  1: { parent: 2048, worker: 4096, boxes: 1024 },
  2: { parent: 200, worker: 400, boxes: 100 },
} as const;
const V1_CONTROLLERS = ['memory', 'pids', 'cpu', 'cpuacct'] as const;
const V2_CONTROLLERS = ['memory', 'pids', 'cpu'] as const;

export type CgroupVersion = 1 | 2;

export interface RunCgroup {
  version: CgroupVersion;
  memoryDir: string;
  pidsDir: string;
  cpuDir: string;
  /** every cgroup.procs file the box's first process must join (one per v1 hierarchy, one on v2) */
  procsFiles: string[];
  stats(): CgroupStats;
  /** CPU time used so far by every process that was ever in the group, in nanoseconds */
  cpuUsageNs(): number;
  /** SIGKILL everything still in the group, until it is empty (or give up after `ms`). */
  killAll(ms?: number): Promise<void>;
  /** kill what is left and remove the group(s) */
  destroy(): Promise<void>;
}

export interface CgroupStats {
  /** the kernel's OOM killer fired inside the group */
  oomKilled: boolean;
  /** the group hit its memory limit at least once */
  memoryLimitHit: boolean;
  /** 0 where the kernel does not report it (cgroup v2 before Linux 5.19) */
  peakMemoryBytes: number;
  /** a fork or clone failed because pids.max was reached */
  pidsLimitHit: boolean;
  /** CPU time of all the run's processes together */
  cpuMs: number;
  /** periods in which the one-core quota stopped the run */
  throttledPeriods: number;
}

export class CgroupError extends Error {}

/**
 * Which cgroup version can limit memory and processes under `root`, or a message
 * saying what is missing. The worker calls this at start so a machine without the
 * controllers fails once, clearly, instead of on every job.
 */
export function detectCgroups(root = defaultRoot()): { version: CgroupVersion } | { error: string } {
  const marker: Record<(typeof V1_CONTROLLERS)[number], string> = {
    memory: 'memory.limit_in_bytes',
    pids: 'cgroup.procs',
    cpu: 'cpu.cfs_quota_us',
    cpuacct: 'cpuacct.usage',
  };
  const v1 = V1_CONTROLLERS.filter((c) => !fs.existsSync(path.join(root, c, marker[c])));
  if (v1.length === 0) return { version: 1 };
  const controllersFile = path.join(root, 'cgroup.controllers');
  if (fs.existsSync(controllersFile)) {
    const controllers = readText(controllersFile).split(/\s+/);
    const missing = V2_CONTROLLERS.filter((c) => !controllers.includes(c));
    if (missing.length === 0) return { version: 2 };
    return { error: `cgroup v2 at ${root} does not offer the ${missing.join(' and ')} controller${missing.length > 1 ? 's' : ''} (cgroup.controllers: "${controllers.join(' ').trim()}"); the sandbox needs memory, pids and cpu` };
  }
  return {
    error:
      `no usable cgroups under ${root}: the sandbox needs the memory, pids and cpu controllers, either cgroup v1 ` +
      `(${V1_CONTROLLERS.map((c) => `${root}/${c}`).join(', ')}; missing: ${v1.join(', ')}) or cgroup v2 (${root}/cgroup.controllers listing memory, pids and cpu)`,
  };
}

/** throws a CgroupError with what is missing, or checks that the worker can create groups */
export async function assertCgroupsUsable(root = defaultRoot()): Promise<CgroupVersion> {
  const found = detectCgroups(root);
  if ('error' in found) throw new CgroupError(found.error);
  // a trial group: catches a read-only cgroupfs or a worker that is not root
  const probe = createRunCgroup({ memoryBytes: 64 * 1024 * 1024, pids: 8, root });
  await probe.destroy();
  return found.version;
}

// The layout of a machine's cgroups does not change under a running worker, so it is
// detected once per root and process rather than with a dozen file checks on every run.
// Failures are not kept: the next run looks again, and says again what is missing.
const detected = new Map<string, CgroupVersion>();
// roots (v2) whose memory, pids and cpu controllers are already delegated to the boxes group
const delegated = new Set<string>();

/** the cgroup version under `root` (detected once), or a CgroupError saying what is missing */
export function cgroupVersion(root = defaultRoot()): CgroupVersion {
  let version = detected.get(root);
  if (version === undefined) {
    const found = detectCgroups(root);
    if ('error' in found) throw new CgroupError(found.error);
    detected.set(root, (version = found.version));
  }
  return version;
}

export function createRunCgroup(options: { memoryBytes: number; pids: number; root?: string }): RunCgroup {
  const root = options.root ?? defaultRoot();
  const version = cgroupVersion(root);
  const name = `run-${process.pid}-${crypto.randomBytes(6).toString('hex')}`;
  return version === 1 ? createV1(root, name, options) : createV2(root, name, options);
}

function createV1(root: string, name: string, options: { memoryBytes: number; pids: number }): RunCgroup {
  const memoryDir = path.join(root, 'memory', PARENT, BOXES, name);
  const pidsDir = path.join(root, 'pids', PARENT, BOXES, name);
  const cpuDir = path.join(root, 'cpu', PARENT, BOXES, name);
  const cpuacctDir = path.join(root, 'cpuacct', PARENT, BOXES, name);
  // cpu and cpuacct are often one hierarchy ("cpu,cpuacct", with both names linked to
  // it): then the two paths are one group, made, joined and removed once
  const dirs = [...new Map([memoryDir, pidsDir, cpuDir, cpuacctDir].map((d) => [realParent(d), d])).values()];
  try {
    const boxes = path.dirname(cpuDir);
    fs.mkdirSync(boxes, { recursive: true });
    // set on every run: cheap, and it repairs a group someone reset
    fs.writeFileSync(path.join(boxes, 'cpu.shares'), String(WEIGHTS[1].boxes));
    weighParent(path.dirname(boxes), 1);
    for (const d of dirs) fs.mkdirSync(d, { recursive: true });
    fs.writeFileSync(path.join(memoryDir, 'memory.limit_in_bytes'), String(options.memoryBytes));
    // no swap here, but where there is, the limit must cover it too or the box just swaps
    const memsw = path.join(memoryDir, 'memory.memsw.limit_in_bytes');
    if (fs.existsSync(memsw)) fs.writeFileSync(memsw, String(options.memoryBytes));
    fs.writeFileSync(path.join(pidsDir, 'pids.max'), String(options.pids));
    fs.writeFileSync(path.join(cpuDir, 'cpu.cfs_period_us'), String(CFS_PERIOD_US));
    fs.writeFileSync(path.join(cpuDir, 'cpu.cfs_quota_us'), String(CFS_PERIOD_US));
  } catch (e) {
    for (const d of dirs) removeQuietly(d);
    throw new CgroupError(`cannot set up cgroup v1 limits under ${root} (root and cgroup v1 memory, pids, cpu and cpuacct are required): ${(e as Error).message}`);
  }
  const cpuUsageNs = () => Number(readText(path.join(cpuacctDir, 'cpuacct.usage')) || 0);
  return runCgroup({
    version: 1,
    memoryDir,
    pidsDir,
    cpuDir,
    dirs,
    cpuUsageNs,
    stats() {
      const oom = readText(path.join(memoryDir, 'memory.oom_control'));
      const failcnt = Number(readText(path.join(memoryDir, 'memory.failcnt')) || 0);
      return {
        oomKilled: counter(oom, 'oom_kill') > 0,
        memoryLimitHit: failcnt > 0,
        peakMemoryBytes: Number(readText(path.join(memoryDir, 'memory.max_usage_in_bytes')) || 0),
        pidsLimitHit: counter(readText(path.join(pidsDir, 'pids.events')), 'max') > 0,
        cpuMs: Math.round(cpuUsageNs() / 1e6),
        throttledPeriods: counter(readText(path.join(cpuDir, 'cpu.stat')), 'nr_throttled'),
      };
    },
  });
}

function createV2(root: string, name: string, options: { memoryBytes: number; pids: number }): RunCgroup {
  const boxes = path.join(root, PARENT, BOXES);
  const dir = path.join(boxes, name);
  try {
    if (!delegated.has(root)) {
      delegateV2(root);
      fs.writeFileSync(path.join(boxes, 'cpu.weight'), String(WEIGHTS[2].boxes));
      delegated.add(root);
    }
    weighParent(path.join(root, PARENT), 2);
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'memory.max'), String(options.memoryBytes));
    const swap = path.join(dir, 'memory.swap.max');
    if (fs.existsSync(swap)) fs.writeFileSync(swap, '0');
    fs.writeFileSync(path.join(dir, 'pids.max'), String(options.pids));
    fs.writeFileSync(path.join(dir, 'cpu.max'), `${CFS_PERIOD_US} ${CFS_PERIOD_US}`);
  } catch (e) {
    removeQuietly(dir);
    // someone may have removed or reset the parent: set it up again next time
    delegated.delete(root);
    throw new CgroupError(
      `cannot set up cgroup v2 limits under ${root} (the worker must run as root, and memory, pids and cpu must be delegable to ${boxes}): ${(e as Error).message}`,
    );
  }
  const cpuStat = () => readText(path.join(dir, 'cpu.stat'));
  const cpuUsageNs = () => counter(cpuStat(), 'usage_usec') * 1000;
  return runCgroup({
    version: 2,
    memoryDir: dir,
    pidsDir: dir,
    cpuDir: dir,
    dirs: [dir],
    kill: path.join(dir, 'cgroup.kill'),
    cpuUsageNs,
    stats() {
      const events = readText(path.join(dir, 'memory.events'));
      return {
        oomKilled: counter(events, 'oom_kill') > 0,
        // v2 counts "max" each time usage hit memory.max and reclaim was tried
        memoryLimitHit: counter(events, 'max') > 0 || counter(events, 'oom') > 0,
        peakMemoryBytes: Number(readText(path.join(dir, 'memory.peak')) || 0),
        pidsLimitHit: counter(readText(path.join(dir, 'pids.events')), 'max') > 0,
        cpuMs: Math.round(cpuUsageNs() / 1e6),
        throttledPeriods: counter(cpuStat(), 'nr_throttled'),
      };
    },
  });
}

/**
 * convgrade/'s weight: the worker's and its boxes' together while a worker is in
 * worker/, the kernel's default (the boxes alone, as one process) otherwise, e.g. after
 * the worker exited, or for a grader that never joined (the CLI, a test). Checked on
 * every run, one small read, so a weight left by a worker that is gone does not stay.
 */
export function weighParent(parent: string, version: CgroupVersion) {
  const workerIn = readText(path.join(parent, WORKER, 'cgroup.procs')).trim() !== '';
  const weight = workerIn ? WEIGHTS[version].parent : version === 1 ? 1024 : 100;
  fs.writeFileSync(path.join(parent, version === 1 ? 'cpu.shares' : 'cpu.weight'), String(weight));
}

/**
 * Makes convgrade/ and convgrade/boxes/ with memory, pids and cpu delegated down to the
 * run groups. Controllers reach a group only if every ancestor delegates them; neither
 * group holds processes, so enabling them there cannot hit the no-internal-processes
 * rule (the worker, when it joins, goes to the leaf convgrade/worker/).
 */
export function delegateV2(root: string) {
  enableControllers(root);
  const parent = path.join(root, PARENT);
  fs.mkdirSync(path.join(parent, BOXES), { recursive: true });
  enableControllers(parent);
  enableControllers(path.join(parent, BOXES));
}

function enableControllers(dir: string) {
  const file = path.join(dir, 'cgroup.subtree_control');
  const enabled = readText(file).split(/\s+/);
  const wanted = V2_CONTROLLERS.filter((c) => !enabled.includes(c));
  if (wanted.length > 0) fs.writeFileSync(file, wanted.map((c) => `+${c}`).join(' '));
}

/** the run group's path with its hierarchy resolved, so two names for one hierarchy compare equal */
function realParent(dir: string): string {
  try {
    return path.join(fs.realpathSync(path.resolve(dir, '../../..')), PARENT, BOXES, path.basename(dir));
  } catch {
    return dir;
  }
}

function runCgroup(o: {
  version: CgroupVersion;
  memoryDir: string;
  pidsDir: string;
  cpuDir: string;
  dirs: string[];
  kill?: string;
  cpuUsageNs(): number;
  stats(): CgroupStats;
}): RunCgroup {
  const { memoryDir, pidsDir, cpuDir, dirs } = o;
  const procs = () => new Set(dirs.flatMap(readPids));

  const killAll = async (ms = 2000) => {
    const until = Date.now() + ms;
    // v2 kills the whole group at once, including processes forked while we read cgroup.procs
    if (o.kill && fs.existsSync(o.kill)) {
      try {
        fs.writeFileSync(o.kill, '1');
      } catch {
        // the group is already gone
      }
    }
    for (;;) {
      const pids = procs();
      if (pids.size === 0) return;
      for (const pid of pids) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
      if (Date.now() > until) return;
      await sleep(5);
    }
  };

  return {
    version: o.version,
    memoryDir,
    pidsDir,
    cpuDir,
    procsFiles: dirs.map((d) => path.join(d, 'cgroup.procs')),
    stats: o.stats,
    cpuUsageNs: o.cpuUsageNs,
    killAll,
    async destroy() {
      await killAll();
      for (const dir of dirs) {
        // rmdir fails with EBUSY for a moment while killed tasks are reaped
        for (let i = 0; i < 200; i++) {
          try {
            fs.rmdirSync(dir);
            break;
          } catch (e) {
            const code = (e as NodeJS.ErrnoException).code;
            if (code === 'ENOENT') break;
            if (i === 199) throw new CgroupError(`cannot remove cgroup ${dir}: ${(e as Error).message}`);
            await killAll(50);
            await sleep(10);
          }
        }
      }
    },
  };
}

function counter(text: string, key: string): number {
  return Number(new RegExp(`^${key} (\\d+)$`, 'm').exec(text)?.[1] ?? 0);
}

function readPids(dir: string): number[] {
  return readText(path.join(dir, 'cgroup.procs'))
    .split('\n')
    .filter(Boolean)
    .map(Number)
    .filter((n) => n > 0 && n !== process.pid);
}

function readText(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

function removeQuietly(dir: string) {
  try {
    fs.rmdirSync(dir);
  } catch {
    // best effort
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

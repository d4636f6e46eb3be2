import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';

// One cgroup v1 group per run in the memory and pids hierarchies. The sandbox's
// wrapper shell writes its own pid into cgroup.procs before it execs bubblewrap,
// so every process of the submission is counted from its first instruction.

const ROOT = process.env.CONVGRADE_CGROUP_ROOT ?? '/sys/fs/cgroup';
const PARENT = 'convgrade';

export interface RunCgroup {
  memoryDir: string;
  pidsDir: string;
  stats(): CgroupStats;
  /** SIGKILL everything still in the group, until it is empty (or give up after `ms`). */
  killAll(ms?: number): Promise<void>;
  /** kill what is left and remove both groups */
  destroy(): Promise<void>;
}

export interface CgroupStats {
  /** the kernel's OOM killer fired inside the group */
  oomKilled: boolean;
  /** the group hit its memory limit at least once */
  memoryLimitHit: boolean;
  peakMemoryBytes: number;
  /** a fork or clone failed because pids.max was reached */
  pidsLimitHit: boolean;
}

export class CgroupError extends Error {}

export function createRunCgroup(options: { memoryBytes: number; pids: number }): RunCgroup {
  const name = `run-${process.pid}-${crypto.randomBytes(6).toString('hex')}`;
  const memoryDir = path.join(ROOT, 'memory', PARENT, name);
  const pidsDir = path.join(ROOT, 'pids', PARENT, name);
  try {
    fs.mkdirSync(memoryDir, { recursive: true });
    fs.mkdirSync(pidsDir, { recursive: true });
    fs.writeFileSync(path.join(memoryDir, 'memory.limit_in_bytes'), String(options.memoryBytes));
    // no swap here, but where there is, the limit must cover it too or the box just swaps
    const memsw = path.join(memoryDir, 'memory.memsw.limit_in_bytes');
    if (fs.existsSync(memsw)) fs.writeFileSync(memsw, String(options.memoryBytes));
    fs.writeFileSync(path.join(pidsDir, 'pids.max'), String(options.pids));
  } catch (e) {
    removeQuietly(memoryDir);
    removeQuietly(pidsDir);
    throw new CgroupError(`cannot set up cgroup v1 limits under ${ROOT} (root and cgroup v1 memory+pids are required): ${(e as Error).message}`);
  }

  const procs = () => new Set([...readPids(memoryDir), ...readPids(pidsDir)]);

  const killAll = async (ms = 2000) => {
    const until = Date.now() + ms;
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
    memoryDir,
    pidsDir,
    stats() {
      const oom = readText(path.join(memoryDir, 'memory.oom_control'));
      const oomKills = Number(/oom_kill (\d+)/.exec(oom)?.[1] ?? 0);
      const failcnt = Number(readText(path.join(memoryDir, 'memory.failcnt')) || 0);
      const events = readText(path.join(pidsDir, 'pids.events'));
      return {
        oomKilled: oomKills > 0,
        memoryLimitHit: failcnt > 0,
        peakMemoryBytes: Number(readText(path.join(memoryDir, 'memory.max_usage_in_bytes')) || 0),
        pidsLimitHit: Number(/max (\d+)/.exec(events)?.[1] ?? 0) > 0,
      };
    },
    killAll,
    async destroy() {
      await killAll();
      for (const dir of [memoryDir, pidsDir]) {
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

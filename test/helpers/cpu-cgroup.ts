import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { envValue } from '../../lib/env';
import { cgroupVersion } from '../../worker/sandbox/cgroup';
import { raiseWorkerPriority } from '../../worker/sandbox/worker-priority';

// The CPU controller's view of a process, on either cgroup version, for tests that make
// this process play the worker and must give it back its own group afterwards.

export const cgroupRoot = () => envValue('CONVGRADE_CGROUP_ROOT');
export const weightFile = () => (cgroupVersion(cgroupRoot()) === 1 ? 'cpu.shares' : 'cpu.weight');

/** the host directory of `pid`'s group in the CPU controller's hierarchy (from /proc/<pid>/cgroup) */
export function cpuGroupOf(pid: number | 'self'): string {
  const root = cgroupRoot();
  const version = cgroupVersion(root);
  for (const line of fs.readFileSync(`/proc/${pid}/cgroup`, 'utf8').split('\n')) {
    const [, controllers, where] = /^\d+:([^:]*):(.*)$/.exec(line) ?? [];
    if (where === undefined) continue;
    if (version === 2 && controllers === '') return path.join(root, where);
    if (version === 1 && controllers!.split(',').includes('cpu')) return path.join(fs.realpathSync(path.join(root, 'cpu')), where);
  }
  throw new Error(`no cpu cgroup for ${pid}`);
}

/** where every run group sits, in the CPU controller's hierarchy */
export function boxesGroup(): string {
  const root = cgroupRoot();
  return cgroupVersion(root) === 1 ? path.join(root, 'cpu', 'convgrade', 'boxes') : path.join(root, 'convgrade', 'boxes');
}

/** this process joins the worker's group as worker/main.ts does; the returned function puts it back */
export function actAsWorker(): { priority: ReturnType<typeof raiseWorkerPriority>; lines: string[]; restore: () => void } {
  const home = cpuGroupOf('self');
  const lines: string[] = [];
  const priority = raiseWorkerPriority({ log: (l) => lines.push(l) });
  return {
    priority,
    lines,
    restore: () => {
      fs.writeFileSync(path.join(home, 'cgroup.procs'), String(process.pid));
      os.setPriority(0);
    },
  };
}

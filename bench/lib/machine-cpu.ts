import fs from 'node:fs';
import path from 'node:path';
import { envValue } from '../../lib/env';
import { BOXES, cgroupVersion, PARENT } from '../../worker/sandbox/cgroup';

// How busy the whole machine was, so a bench can say how much of it was someone else's:
// a slow round beside a busy machine measures the machine. /proc/stat counts in USER_HZ
// (1/100 s); steal is time the hypervisor gave this VM's CPUs to others.

export function machineCpuMs(): { busy: number; steal: number } {
  const [user, nice, system, , , irq, softirq, steal] = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!.split(/\s+/).slice(1).map(Number);
  return { busy: (user! + nice! + system! + irq! + softirq! + steal!) * 10, steal: steal! * 10 };
}

/** cores kept busy by others during `seconds`, given the machine's counters before and after and our own CPU ms */
export function othersCores(before: ReturnType<typeof machineCpuMs>, after: ReturnType<typeof machineCpuMs>, oursMs: number, seconds: number) {
  return { others: Math.max(0, after.busy - before.busy - oursMs) / (seconds * 1000), steal: (after.steal - before.steal) / (seconds * 1000) };
}

/**
 * CPU ms of one process so far, all its threads, not its children: a box's processes
 * are not reliably reaped up to the worker (killed boxes are reparented), so boxes are
 * counted from their cgroup instead (boxesCpuMs)
 */
export function processCpuMs(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) * 10;
  } catch {
    return 0;
  }
}

/** CPU ms of every box so far, removed ones included (the kernel charges a group's ancestors too) */
export function boxesCpuMs(): number {
  const root = envValue('CONVGRADE_CGROUP_ROOT');
  try {
    if (cgroupVersion(root) === 1) return Number(fs.readFileSync(path.join(root, 'cpuacct', PARENT, BOXES, 'cpuacct.usage'), 'utf8')) / 1e6;
    return Number(/^usage_usec (\d+)$/m.exec(fs.readFileSync(path.join(root, PARENT, BOXES, 'cpu.stat'), 'utf8'))?.[1] ?? 0) / 1000;
  } catch {
    return 0;
  }
}

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { envValue } from '../../lib/env';
import { BOXES, cgroupVersion, delegateV2, PARENT, WEIGHTS, weighParent, WORKER } from './cgroup';

// Boxes run below the worker, so a hostile box (or sixty of them) can delay neither its
// lock renewals nor the grading of the others. Lowering the boxes' weight would also
// lower them against everything else on the machine, so instead the worker is raised,
// inside a group it shares with its boxes (cgroup.ts draws the tree): the worker's
// advantage comes out of its own boxes' share, never out of unrelated work's, and the
// boxes keep the whole share whenever the worker waits on them, which is most of the time.
//
// Only the CPU hierarchy is joined on cgroup v1: memory and pids stay where the worker
// was, and so does systemd's own name=systemd group, which it tracks the unit by. On
// v2 the worker leaves its unit's cgroup; systemd still stops it by its main pid
// (KillMode=mixed sends SIGTERM to the main process, whatever cgroup it is in).
//
// Where the worker cannot join (cgroups not writable, or a v2 tree that refuses the
// move), it falls back to a negative nice for its main thread, the one that renews the
// locks: that ranks it above its boxes where it competes with their group directly (a
// worker in the root cgroup), and does nothing harmful elsewhere. Each outcome is one
// log line at start-up.

/** the worker's nice where no cgroup of its own is possible (root may go below 0) */
export const FALLBACK_NICE = -5;

export type WorkerPriority =
  | { method: 'cgroup'; version: 1 | 2; workerDir: string; boxesDir: string; workerWeight: number; boxesWeight: number; parentWeight: number }
  | { method: 'nice'; nice: number; reason: string }
  | { method: 'none'; reason: string };

export function raiseWorkerPriority(o: { root?: string; pid?: number; log?: (line: string) => void } = {}): WorkerPriority {
  const root = o.root ?? envValue('CONVGRADE_CGROUP_ROOT');
  const pid = o.pid ?? process.pid;
  const log = o.log ?? ((line: string) => console.log(line));
  let why: string;
  try {
    const got = joinWorkerGroup(root, pid);
    const file = got.version === 1 ? 'cpu.shares' : 'cpu.weight';
    log(
      `[sandbox] priority: the worker runs in ${got.workerDir} (${file} ${got.workerWeight}), its boxes in ${got.boxesDir} (${file} ${got.boxesWeight}), ` +
        `both inside ${PARENT}/ (${file} ${got.parentWeight}): boxes yield to the worker, not to the rest of the machine`,
    );
    return got;
  } catch (e) {
    why = (e as Error).message;
  }
  try {
    // on Linux nice is per thread, and the pid names the main one, where BullMQ's timers run
    os.setPriority(pid, FALLBACK_NICE);
    log(
      `[sandbox] priority: the worker cannot have a cgroup of its own (${why}); it runs at nice ${FALLBACK_NICE} instead, ` +
        `which puts it above its boxes only where it shares a cgroup level with them`,
    );
    return { method: 'nice', nice: FALLBACK_NICE, reason: why };
  } catch (e) {
    const reason = `${why}; nice ${FALLBACK_NICE}: ${(e as Error).message}`;
    log(`[sandbox] priority: boxes run at the worker's own priority: it can neither have a cgroup of its own nor a lower nice (${reason})`);
    return { method: 'none', reason };
  }
}

function joinWorkerGroup(root: string, pid: number): Extract<WorkerPriority, { method: 'cgroup' }> {
  const version = cgroupVersion(root);
  const weights = WEIGHTS[version];
  const file = version === 1 ? 'cpu.shares' : 'cpu.weight';
  // v1: the CPU controller's own hierarchy; v2: the one tree, with the controllers delegated
  const parent = version === 1 ? path.join(root, 'cpu', PARENT) : path.join(root, PARENT);
  if (version === 2) delegateV2(root);
  const workerDir = path.join(parent, WORKER);
  const boxesDir = path.join(parent, BOXES);
  fs.mkdirSync(workerDir, { recursive: true });
  fs.mkdirSync(boxesDir, { recursive: true });
  fs.writeFileSync(path.join(boxesDir, file), String(weights.boxes));
  fs.writeFileSync(path.join(workerDir, file), String(weights.worker));
  // cgroup.procs moves every thread of the process, those started later too
  fs.writeFileSync(path.join(workerDir, 'cgroup.procs'), String(pid));
  // the worker's and its boxes' share together, against the rest of the machine; only
  // once the worker is in, or its boxes alone would weigh as two processes
  weighParent(parent, version);
  return { method: 'cgroup', version, workerDir, boxesDir, workerWeight: weights.worker, boxesWeight: weights.boxes, parentWeight: weights.parent };
}

import fs from 'node:fs';

// CPU seconds used so far by the processes of one process group (the
// platform that `scripts/start.ts` runs), by role. Latency on a shared
// machine depends on what else runs; CPU time per request does not.

export type Role = 'web' | 'worker' | 'services' | 'redis' | 'other';
const TICK = 100; // USER_HZ on Linux

function roleOf(cmdline: string): Role {
  if (/next-server|next[\\/]dist|\.bin[\\/]next| next start|web-server\.ts/.test(cmdline)) return 'web';
  if (cmdline.includes('worker/main.ts')) return 'worker';
  if (cmdline.includes('scripts/services.ts')) return 'services';
  if (cmdline.includes('redis-server')) return 'redis';
  return 'other';
}

export function groupCpu(pgid: number): Record<Role, number> {
  const out: Record<Role, number> = { web: 0, worker: 0, services: 0, redis: 0, other: 0 };
  for (const pid of fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      // fields after the ")" that ends the command name: state ppid pgrp ... utime(14) stime(15) cutime(16) cstime(17)
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(f[2]) !== pgid) continue;
      const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
      const ticks = Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]);
      out[roleOf(cmd)] += ticks / TICK;
    } catch {
      // exited meanwhile
    }
  }
  return out;
}

export function cpuSince(before: Record<Role, number>, after: Record<Role, number>): Record<Role, number> {
  return Object.fromEntries(Object.entries(after).map(([k, v]) => [k, v - before[k as Role]])) as Record<Role, number>;
}

/** Pids of one role in the group (e.g. the web server, to signal it). */
export function groupPids(pgid: number, role: Role): number[] {
  const out: number[] = [];
  for (const pid of fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]) !== pgid) continue;
      if (roleOf(fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ')) === role) out.push(Number(pid));
    } catch {
      // exited meanwhile
    }
  }
  return out;
}

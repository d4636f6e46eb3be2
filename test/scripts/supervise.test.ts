import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { backoffDelay, supervise } from '../../scripts/lib/supervise';
import { waitFor } from '../helpers/processes';

// Real child processes that crash: each is started again, later each time,
// and stop() ends the cycle.

const b = { initialMs: 20, maxMs: 200, resetAfterMs: 60_000 };

describe('backoffDelay', () => {
  it('doubles per quick crash up to the cap', () => {
    expect([1, 2, 3, 4, 5, 10].map((n) => backoffDelay(n, b))).toEqual([20, 40, 80, 160, 200, 200]);
  });
});

describe('supervise', () => {
  it('restarts a crashing child with a growing delay and logs each exit', async () => {
    const lines: string[] = [];
    let starts = 0;
    const s = supervise({
      name: 'crasher',
      backoff: b,
      log: (m) => lines.push(m),
      start: () => {
        starts++;
        return spawn(process.execPath, ['-e', 'process.exit(3)'], { stdio: 'ignore' });
      },
    });
    await waitFor('three restarts', async () => s.restarts() >= 3, 30_000);
    await s.stop();
    const count = starts;
    expect(lines[0]).toMatch(/^crasher exited \(code 3\); restarting in 0\.0 s \(restart 1\)$/);
    expect(lines.slice(0, 3).map((l) => /restart (\d+)\)/.exec(l)?.[1])).toEqual(['1', '2', '3']);
    // stopped: no further starts
    await new Promise((r) => setTimeout(r, 500));
    expect(starts).toBe(count);
  });

  it('stop() ends a running child and does not start it again', async () => {
    let starts = 0;
    const s = supervise({
      name: 'sleeper',
      backoff: b,
      log: () => {},
      start: () => {
        starts++;
        return spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
      },
    });
    const child = s.current();
    await s.stop();
    expect(child.signalCode).toBe('SIGTERM');
    await new Promise((r) => setTimeout(r, 200));
    expect(starts).toBe(1);
    expect(s.restarts()).toBe(0);
  });

  it('a kill -9 is a crash like any other', async () => {
    const lines: string[] = [];
    const s = supervise({
      name: 'victim',
      backoff: b,
      log: (m) => lines.push(m),
      start: () => spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' }),
    });
    const first = s.current();
    first.kill('SIGKILL');
    await waitFor('a new child', async () => s.restarts() === 1);
    expect(s.current().pid).not.toBe(first.pid);
    expect(s.current().exitCode).toBeNull();
    expect(lines).toEqual([expect.stringMatching(/^victim exited \(SIGKILL\); restarting/)]);
    await s.stop();
  });

  it('stop() kills a child that ignores SIGTERM once the grace is over', async () => {
    const lines: string[] = [];
    const s = supervise({
      name: 'stubborn',
      backoff: b,
      killAfterMs: 300,
      log: (m) => lines.push(m),
      // like a worker whose Redis is gone: its SIGTERM handler waits forever
      start: () => spawn(process.execPath, ['-e', "process.on('SIGTERM', () => {}); process.send?.(0); setInterval(() => {}, 1000)"], { stdio: ['ignore', 'ignore', 'ignore', 'ipc'] }),
    });
    const child = s.current();
    await new Promise((r) => child.once('message', r));
    await s.stop();
    expect(child.signalCode).toBe('SIGKILL');
    expect(lines).toEqual([expect.stringMatching(/^stubborn did not stop within 0\.3 s of SIGTERM; killing it$/)]);
  });
});

import { describe, expect, it } from 'vitest';
import { gate } from '../../../lib/submissions/gate';

describe('gate', () => {
  it('runs at most `limit` at once and starts the rest in arrival order', async () => {
    const g = gate(2);
    let active = 0;
    let peak = 0;
    const started: number[] = [];
    const releases: (() => void)[] = [];
    const runs = Array.from({ length: 5 }, (_, i) =>
      g(async () => {
        started.push(i);
        peak = Math.max(peak, ++active);
        await new Promise<void>((r) => releases.push(r));
        active--;
        return i;
      }),
    );
    await new Promise((r) => setTimeout(r, 10));
    expect(started).toEqual([0, 1]);
    while (releases.length) {
      releases.shift()!();
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(await Promise.all(runs)).toEqual([0, 1, 2, 3, 4]);
    expect(started).toEqual([0, 1, 2, 3, 4]);
    expect(peak).toBe(2);
  });

  it('lets the next one in when work fails', async () => {
    const g = gate(1);
    await expect(g(async () => { throw new Error('boom'); })).rejects.toThrow('boom');
    expect(await g(async () => 'after')).toBe('after');
  });
});

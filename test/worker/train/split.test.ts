import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadMnist } from '../../../worker/train/mnist';
import { testSplit } from '../../../worker/train/split';

describe('public/private split of the 10,000 test images', () => {
  const s = testSplit();

  it('is two disjoint halves covering every image once', () => {
    expect(s.public.length).toBe(5000);
    expect(s.private.length).toBe(5000);
    const all = new Set([...s.public, ...s.private]);
    expect(all.size).toBe(10_000);
    expect(Math.min(...all)).toBe(0);
    expect(Math.max(...all)).toBe(9999);
    for (const i of s.public) expect(s.isPublic[i]).toBe(1);
    for (const i of s.private) expect(s.isPublic[i]).toBe(0);
  });

  it('is stable: the same permutation on every machine and every release', async () => {
    // A changed seed or shuffle would silently rescore every past submission.
    const digest = crypto.createHash('sha256').update(Buffer.from(s.public.buffer)).digest('hex').slice(0, 16);
    expect(digest).toBe('39b0aa9021436d74');
    const again = await import('../../../worker/train/split');
    expect(again.testSplit().public).toEqual(s.public);
  });

  it('is a fair shuffle: every digit lands roughly half in each half', async () => {
    const { test } = await loadMnist();
    for (let d = 0; d < 10; d++) {
      let pub = 0;
      let total = 0;
      for (let i = 0; i < test.count; i++) {
        if (test.labels[i] !== d) continue;
        total++;
        pub += s.isPublic[i]!;
      }
      expect(pub / total).toBeGreaterThan(0.44);
      expect(pub / total).toBeLessThan(0.56);
    }
  });
});

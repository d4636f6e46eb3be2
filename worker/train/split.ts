import { createRng } from '../../lib/grading/rng';

// The 10,000 test images split once, by a fixed seeded permutation, into a
// public half (shown on the leaderboard) and a private half (revealed later).
// Changing the seed would reshuffle every score ever given: don't.

export const SPLIT_SEED = 'convgrade-mnist-test-split-v1';
export const TEST_SIZE = 10_000;

export interface TestSplit {
  /** sorted indices into the 10,000 test images */
  public: Uint32Array;
  private: Uint32Array;
  /** per test image: true when it is public */
  isPublic: Uint8Array;
}

let cached: TestSplit | undefined;

export function testSplit(): TestSplit {
  if (cached) return cached;
  const rng = createRng(SPLIT_SEED);
  const order = Array.from({ length: TEST_SIZE }, (_, i) => i);
  for (let i = TEST_SIZE - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const half = TEST_SIZE / 2;
  const pub = Uint32Array.from(order.slice(0, half)).sort();
  const priv = Uint32Array.from(order.slice(half)).sort();
  const isPublic = new Uint8Array(TEST_SIZE);
  for (const i of pub) isPublic[i] = 1;
  cached = { public: pub, private: priv, isPublic };
  return cached;
}

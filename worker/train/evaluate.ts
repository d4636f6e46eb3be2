import type * as tfjs from '@tensorflow/tfjs';
import type { Tf } from './backend';
import { gatherImages, type MnistSplit } from './mnist';
import { testSplit } from './split';

// Scores a model on all 10,000 test images once, then reads the public and
// private halves off the same per-image results.

export interface Evaluation {
  publicAccuracy: number;
  privateAccuracy: number;
  testAccuracy: number;
  seconds: number;
}

export async function evaluateModel(opts: {
  tf: Tf;
  model: tfjs.LayersModel;
  test: MnistSplit;
  inputShape: number[];
  batchSize?: number;
  signal?: AbortSignal;
}): Promise<Evaluation> {
  const { tf, model, test } = opts;
  const started = performance.now();
  const bs = opts.batchSize ?? 500;
  const correct = new Uint8Array(test.count);
  for (let start = 0; start < test.count; start += bs) {
    if (opts.signal?.aborted) throw Object.assign(new Error('evaluation aborted'), { name: 'AbortError' });
    const idx = Uint32Array.from({ length: Math.min(bs, test.count - start) }, (_, i) => start + i);
    const predicted = tf.tidy(() => {
      const x = tf.tensor(gatherImages(test, idx), [idx.length, ...opts.inputShape]);
      const y = model.predict(x) as tfjs.Tensor;
      return y.argMax(-1);
    });
    const labels = (await predicted.data()) as Int32Array;
    predicted.dispose();
    for (let i = 0; i < idx.length; i++) correct[start + i] = labels[i] === test.labels[start + i] ? 1 : 0;
    // Let the event loop breathe (lock renewal, progress) between batches.
    await new Promise((r) => setImmediate(r));
  }
  const split = testSplit();
  const acc = (ids: ArrayLike<number>) => {
    let c = 0;
    for (let i = 0; i < ids.length; i++) c += correct[ids[i]!]!;
    return c / ids.length;
  };
  return {
    publicAccuracy: acc(split.public),
    privateAccuracy: acc(split.private),
    testAccuracy: correct.reduce((a, b) => a + b, 0) / test.count,
    seconds: (performance.now() - started) / 1000,
  };
}

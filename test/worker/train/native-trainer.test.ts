import * as tf from '@tensorflow/tfjs';
import type { KernelConfig } from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '@/lib/grading/rng';
import { parseModelSubmission } from '@/lib/model';
import type { TrainSettings } from '@/lib/queue/contract';
import { selectBackend } from '@/worker/train/backend';
import { buildModel } from '@/worker/train/build-model';
import { registerFastCpuKernels, unregisterFastCpuKernels } from '@/worker/train/kernels';
import { FusedAdam } from '@/worker/train/kernels/adam';
import { activeNative, loadNativeKernels } from '@/worker/train/kernels/native';
import { loadMnist, type Mnist } from '@/worker/train/mnist';
import { trainModel } from '@/worker/train/train-loop';
import { renderText } from '@/lib/i18n/render';

// The native addon's training paths against tfjs's own: the fused conv/dense layer
// kernels and the one-kernel Adam (tfjs engine), and the native trainer (whole steps in
// C++), each compared with the same computation through the stock kernels.

let mnist: Mnist;

beforeAll(async () => {
  await selectBackend({ backend: 'cpu', log: () => {} });
  registerFastCpuKernels();
  if (!activeNative()) throw new Error(`the native addon did not load: ${loadNativeKernels().reason}`);
  mnist = await loadMnist();
});

afterAll(() => registerFastCpuKernels());

function graph(layers: object[]) {
  const parsed = parseModelSubmission({ format: 'spec', content: JSON.stringify({ input: [28, 28, 1], layers }) });
  if (!parsed.ok) throw new Error(parsed.errors.map((e) => renderText(e)).join('\n'));
  return parsed.graph;
}

const CNN = [
  { type: 'conv2d', filters: 6, kernel_size: 3, strides: 2, padding: 'same', activation: 'relu' },
  { type: 'conv2d', filters: 5, kernel_size: [3, 2], use_bias: false },
  { type: 'max_pool2d', pool_size: 2 },
  { type: 'conv2d', filters: 4, kernel_size: 2, padding: 'same', activation: 'relu' },
  { type: 'max_pool2d', pool_size: 3, strides: 2, padding: 'same' },
  { type: 'flatten' },
  { type: 'dense', units: 12, activation: 'relu' },
  { type: 'dense', units: 10, activation: 'softmax' },
];

/** Largest |a - b| relative to the array's own magnitude. */
function relErr(a: Float32Array, b: Float32Array): number {
  const scale = Math.max(1e-6, ...Array.from(b, Math.abs));
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!) / scale);
  return worst;
}

function weightsOf(model: tf.LayersModel): Float32Array[] {
  return model.getWeights().map((w) => Float32Array.from(w.dataSync()));
}

describe('fused conv and dense layer kernels (tfjs engine)', () => {
  it('forward values and gradients match the stock kernels; the first layer input gradient is never computed', () => {
    const rng = createRng('fused-layers');
    const x = tf.tensor(Float32Array.from({ length: 3 * 784 }, () => rng.normal()), [3, 28, 28, 1]);
    const run = () => {
      const model = buildModel(tf, graph(CNN));
      const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
      const probe = tf.tidy(() => tf.randomUniform([3, 10], 0, 1, 'float32', 7));
      const { value, grads } = tf.variableGrads(() => tf.sum(tf.mul(model.apply(x, { training: true }) as tf.Tensor, probe)) as tf.Scalar, vars);
      const out = [Float32Array.from(value.dataSync()), ...vars.map((v) => Float32Array.from(grads[v.name]!.dataSync()))];
      tf.dispose([value, probe, ...Object.values(grads)]);
      model.dispose();
      return out;
    };
    const calls = new Map<string, number>();
    const counted = ['ConvGradeConv2D', 'ConvGradeConv2DBackpropInput', 'ConvGradeConv2DBackpropFilter', 'Conv2DBackpropInput'];
    const saved: KernelConfig[] = [];
    for (const name of counted) {
      const k = tf.getKernel(name, 'cpu');
      if (!k) continue;
      saved.push(k);
      tf.unregisterKernel(name, 'cpu');
      tf.registerKernel({ ...k, kernelFunc: (a) => (calls.set(name, (calls.get(name) ?? 0) + 1), k.kernelFunc(a)) });
    }
    let fused: Float32Array[];
    try {
      fused = run();
    } finally {
      for (const k of saved) {
        tf.unregisterKernel(k.kernelName, 'cpu');
        tf.registerKernel(k);
      }
    }
    // three conv layers: three fused forwards, three filter gradients, input gradients for the last two only
    expect(Object.fromEntries(calls)).toEqual({ ConvGradeConv2D: 3, ConvGradeConv2DBackpropFilter: 3, ConvGradeConv2DBackpropInput: 2 });
    unregisterFastCpuKernels();
    const stock = run();
    registerFastCpuKernels();
    expect(fused.length).toBe(stock.length);
    fused.forEach((f, i) => expect(relErr(f, stock[i]!), `output ${i}`).toBeLessThan(2e-5));
    x.dispose();
  });

  it('FusedAdam takes the same steps as tf.train.adam', () => {
    const rng = createRng('adam');
    const init = Float32Array.from({ length: 500 }, () => rng.normal());
    const target = tf.tensor(Float32Array.from({ length: 500 }, () => rng.normal()));
    const run = (opt: tf.Optimizer) => {
      const v = tf.tidy(() => tf.variable(tf.tensor(init)));
      for (let i = 0; i < 5; i++) opt.minimize(() => tf.sum(tf.square(tf.sub(tf.mul(v, v), target))) as tf.Scalar);
      const out = Float32Array.from(v.dataSync());
      v.dispose();
      opt.dispose();
      return out;
    };
    const before = tf.memory().numTensors;
    const ours = run(new FusedAdam(0.01));
    expect(tf.memory().numTensors).toBe(before);
    const stock = run(tf.train.adam(0.01));
    expect(relErr(ours, stock)).toBeLessThan(1e-5);
    expect(relErr(ours, init)).toBeGreaterThan(1e-3); // it did move
    target.dispose();
  });
});

describe('native trainer', () => {
  async function train(layers: object[], settings: TrainSettings, engine: 'auto' | 'tfjs', trainCount = 96) {
    const model = buildModel(tf, graph(layers));
    try {
      const out = await trainModel({ tf, model, train: mnist.train, trainCount, inputShape: [28, 28, 1], settings, epochs: 1, maxSeconds: 600, seed: 'native', engine });
      return { out, weights: weightsOf(model) };
    } finally {
      model.dispose();
    }
  }

  it('SGD: the same weights and losses as tfjs after three steps of a CNN with strides, same padding and pooling', async () => {
    const settings: TrainSettings = { optimizer: 'sgd', learningRate: 0.05, batchSize: 32, epochs: 1 };
    const native = await train(CNN, settings, 'auto');
    const tfjs = await train(CNN, settings, 'tfjs');
    expect(native.out.engine).toBe('native trainer');
    expect(tfjs.out.engine).toMatch(/^tfjs engine/);
    native.weights.forEach((w, i) => expect(relErr(w, tfjs.weights[i]!), `weight ${i}`).toBeLessThan(1e-4));
    native.out.history.forEach((h, i) => expect(h.loss!).toBeCloseTo(tfjs.out.history[i]!.loss!, 4));
    expect(native.out.history.map((h) => h.accuracy)).toEqual(tfjs.out.history.map((h) => h.accuracy));
  });

  it('Adam and RMSprop: the same weights as tfjs after three steps (a dense model on flattened images)', async () => {
    const layers = [{ type: 'flatten' }, { type: 'dense', units: 16, activation: 'relu' }, { type: 'dense', units: 10, activation: 'softmax' }];
    for (const optimizer of ['adam', 'rmsprop'] as const) {
      const settings: TrainSettings = { optimizer, learningRate: 0.001, batchSize: 32, epochs: 1 };
      const native = await train(layers, settings, 'auto');
      const tfjs = await train(layers, settings, 'tfjs');
      expect(native.out.engine).toBe('native trainer');
      // Adam's first steps are about lr·sign(g): a gradient that rounds across zero flips one
      // weight by up to 2·lr, so compare in units of the learning rate.
      native.weights.forEach((w, i) => {
        let worst = 0;
        for (let j = 0; j < w.length; j++) worst = Math.max(worst, Math.abs(w[j]! - tfjs.weights[i]![j]!));
        expect(worst, `${optimizer} weight ${i}`).toBeLessThan(0.05 * settings.learningRate);
      });
    }
  });

  it('dropout trains natively and the loss falls; models with other layers train through tfjs and say why', async () => {
    const settings: TrainSettings = { optimizer: 'adam', learningRate: 0.002, batchSize: 32, epochs: 1 };
    const withDropout = [
      { type: 'conv2d', filters: 8, kernel_size: 3, activation: 'relu' }, { type: 'max_pool2d', pool_size: 2 }, { type: 'flatten' },
      { type: 'dense', units: 32, activation: 'relu' }, { type: 'dropout', rate: 0.5 }, { type: 'dense', units: 10, activation: 'softmax' },
    ];
    const d = await train(withDropout, settings, 'auto', 640);
    expect(d.out.engine).toBe('native trainer');
    const h = d.out.history;
    expect(h[h.length - 1]!.loss!).toBeLessThan(h[0]!.loss! * 0.8);
    const bn = [{ type: 'conv2d', filters: 4, kernel_size: 3 }, { type: 'batch_normalization' }, { type: 'flatten' }, { type: 'dense', units: 10, activation: 'softmax' }];
    expect((await train(bn, settings, 'auto', 64)).out.engine).toBe('tfjs engine (native trainer: layer type BatchNormalization)');
    const tanh = [{ type: 'flatten' }, { type: 'dense', units: 10, activation: 'tanh' }, { type: 'dense', units: 10, activation: 'softmax' }];
    expect((await train(tanh, settings, 'auto', 64)).out.engine).toMatch(/native trainer: dense layer .* with activation tanh/);
  });

  it('a training job leaves no tensors behind, and the addon refuses inconsistent layer sizes', async () => {
    const settings: TrainSettings = { optimizer: 'sgd', learningRate: 0.01, batchSize: 16, epochs: 1 };
    await train(CNN, settings, 'auto', 48);
    const before = tf.memory().numTensors;
    await train(CNN, settings, 'auto', 48);
    expect(tf.memory().numTensors).toBe(before);
    const Trainer = (activeNative() as unknown as { Trainer: new (...a: unknown[]) => unknown }).Trainer;
    const dense = (inSize: number, out: number) => ({ kind: 2, in: inSize, out, w: 0, b: -1, softmax: true });
    expect(() => new Trainer(32, 784, [dense(784, 10)], [new Float32Array(784 * 10)], { kind: 0 }, 1)).not.toThrow();
    expect(() => new Trainer(32, 784, [dense(784, 10)], [new Float32Array(784 * 9)], { kind: 0 }, 1)).toThrow(/dense sizes/);
    expect(() => new Trainer(32, 784, [dense(700, 10)], [new Float32Array(700 * 10)], { kind: 0 }, 1)).toThrow(/do not chain/);
  });

  it('TRAIN_THREADS sets the kernel threads and the backend string says so', async () => {
    const saved = process.env.TRAIN_THREADS;
    try {
      process.env.TRAIN_THREADS = '2';
      const rt = await selectBackend({ backend: 'cpu', log: () => {} });
      expect(activeNative()!.threads()).toBe(2);
      expect(rt.description).toMatch(/fast kernels: native, OpenBLAS \S+ \S+, 2 threads\)$/);
      process.env.TRAIN_THREADS = '1';
      const one = await selectBackend({ backend: 'cpu', log: () => {} });
      expect(activeNative()!.threads()).toBe(1);
      expect(one.description).toMatch(/, 1 thread\)$/);
    } finally {
      if (saved === undefined) delete process.env.TRAIN_THREADS;
      else process.env.TRAIN_THREADS = saved;
    }
  });
});

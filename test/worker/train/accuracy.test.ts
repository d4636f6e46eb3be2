import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseModelSubmission } from '@/lib/model';
import type { TrainSettings } from '@/lib/queue/contract';
import { selectBackend } from '@/worker/train/backend';
import { buildModel } from '@/worker/train/build-model';
import { evaluateModel } from '@/worker/train/evaluate';
import { loadMnist, type Mnist } from '@/worker/train/mnist';
import { trainModel, validationSlice } from '@/worker/train/train-loop';
import { renderText } from '@/lib/i18n/render';

// The accuracy the course promises, on all 10,000 test images: the notes' model after one
// full epoch of SGD 0.01 (every training image but the validation slice) reaches 0.90, the typical course CNN after 6,000 images of Adam too.
// Both run in the native trainer, seconds on one core (bench/vs-pytorch.ts has the figures).

let mnist: Mnist;
beforeAll(async () => {
  await selectBackend({ backend: 'cpu', log: () => {} });
  mnist = await loadMnist();
});

async function testAccuracy(layers: object[], settings: TrainSettings, trainCount: number) {
  const parsed = parseModelSubmission({ format: 'spec', content: JSON.stringify({ input: [28, 28, 1], layers }) });
  if (!parsed.ok) throw new Error(parsed.errors.map((e) => renderText(e)).join('\n'));
  const model = buildModel(tf, parsed.graph);
  try {
    const out = await trainModel({ tf, model, train: mnist.train, trainCount, inputShape: [28, 28, 1], settings, epochs: 1, maxSeconds: 3600, seed: 'accuracy' });
    expect(out.stoppedBy).toBe('completed');
    // the last images of the training split are held out for the validation curve, never trained on
    expect(out.imagesSeen).toBe(Math.min(trainCount, validationSlice(mnist.train.count).start));
    return { engine: out.engine, accuracy: (await evaluateModel({ tf, model, test: mnist.test, inputShape: [28, 28, 1] })).testAccuracy };
  } finally {
    model.dispose();
  }
}

describe('accuracy on MNIST', () => {
  it("the notes' model: one epoch of 60,000 images with SGD 0.01 reaches 0.90", async () => {
    const r = await testAccuracy(
      [{ type: 'conv2d', filters: 8, kernel_size: 3, use_bias: false }, { type: 'max_pool2d', pool_size: 2 }, { type: 'flatten' }, { type: 'dense', units: 10, activation: 'softmax' }],
      { optimizer: 'sgd', learningRate: 0.01, batchSize: 32, epochs: 1 },
      60_000,
    );
    expect(r.engine).toBe('native trainer');
    expect(r.accuracy).toBeGreaterThanOrEqual(0.9);
  }, 300_000);

  it('the typical CNN: 6,000 images with Adam 0.001 reach 0.90', async () => {
    const r = await testAccuracy(
      [
        { type: 'conv2d', filters: 32, kernel_size: 3, activation: 'relu' }, { type: 'max_pool2d', pool_size: 2 },
        { type: 'conv2d', filters: 64, kernel_size: 3, activation: 'relu' }, { type: 'max_pool2d', pool_size: 2 },
        { type: 'flatten' }, { type: 'dense', units: 128, activation: 'relu' }, { type: 'dropout', rate: 0.5 }, { type: 'dense', units: 10, activation: 'softmax' },
      ],
      { optimizer: 'adam', learningRate: 0.001, batchSize: 32, epochs: 1 },
      6_000,
    );
    expect(r.engine).toBe('native trainer');
    expect(r.accuracy).toBeGreaterThanOrEqual(0.9);
  }, 300_000);
});

describe('the MNIST challenge exercise', () => {
  it('trains on all 60,000 images by default, up to 5 epochs in 600 s', async () => {
    const { loadModelExercise } = await import('@/worker/train/exercise-settings');
    const { settings } = loadModelExercise('mnist-challenge');
    expect(settings.trainLimit).toBeNull();
    expect(settings.budgets).toMatchObject({ maxEpochs: 5, maxSeconds: 600 });
  });
});

import fs from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ZMnistSettings } from '../../../lib/model';
import type { JobProgress, TrainJob } from '../../../lib/queue/contract';
import { selectBackend } from '../../../worker/train/backend';
import { evaluateModel } from '../../../worker/train/evaluate';
import { gatherImages, loadMnist } from '../../../worker/train/mnist';
import { runTrainJob } from '../../../worker/train/train-job';

// Training on the pure-JS cpu backend is slow, so every run here uses a small
// slice of the 60,000 training images (the fast kernels make it bearable).

const seedSpec = fs.readFileSync(path.resolve(import.meta.dirname, '../../fixtures/models/seed-spec.yaml'), 'utf8');
const seedKeras3 = fs.readFileSync(path.resolve(import.meta.dirname, '../../fixtures/models/seed-keras3.json'), 'utf8');
const exercise = { points: 20, settings: ZMnistSettings.parse({}) };
const quiet = { backend: 'cpu' as const, log: () => {} };

function job(model: TrainJob['model'], settings: Partial<TrainJob['settings']> = {}, id = 'sub-1'): TrainJob {
  return {
    submissionId: id,
    run: 1,
    exerciseId: 'mnist-challenge',
    exerciseVersion: 'test',
    model,
    settings: { optimizer: 'adam', learningRate: 0.005, batchSize: 32, epochs: 1, ...settings },
  };
}

beforeAll(async () => {
  await selectBackend(quiet);
  await loadMnist();
});

describe('runTrainJob', () => {
  it('trains the seed model on 2,000 images for one epoch and beats chance clearly', async () => {
    const progress: JobProgress[] = [];
    // Uses the real exercises/mnist-challenge/exercise.yaml for points and thresholds.
    const r = await runTrainJob(job({ format: 'keras', content: seedKeras3 }), { ...quiet, trainLimit: 2000, onProgress: (p) => void progress.push(p) });
    const x = r.extra_data as Record<string, number & unknown[]>;
    expect(r.gradable).toBe(true);
    expect(x.testAccuracy).toBeGreaterThan(0.5);
    expect(x.publicAccuracy).toBeGreaterThan(0.5);
    expect(x.privateAccuracy).toBeGreaterThan(0.5);
    // full accuracy is the mean of the two equal halves
    expect(x.testAccuracy).toBeCloseTo((x.publicAccuracy + x.privateAccuracy) / 2, 10);
    expect(x.params).toBe(13602);
    expect(x.trainImages).toBe(2000);
    expect(x.stoppedBy).toBe('completed');
    expect(x.imagesPerSecond).toBeGreaterThan(0);
    // the loss curve goes down over the epoch
    const h = x.history as unknown as { epoch: number; loss: number }[];
    expect(h.length).toBeGreaterThanOrEqual(10);
    expect(h[h.length - 1]!.epoch).toBe(1);
    expect(h[h.length - 1]!.loss).toBeLessThan(h[0]!.loss);
    // progress: starting → training (with batches and history) → evaluating → done
    expect(progress.map((p) => p.phase).filter((p, i, a) => a[i - 1] !== p)).toEqual(['starting', 'training', 'evaluating', 'done']);
    expect(progress.some((p) => p.phase === 'training' && p.batch && p.batches === 63 && (p.history?.length ?? 0) > 0)).toBe(true);
    // leaderboard columns and a score that follows the thresholds of the exercise (20 points)
    expect(r.leaderboard?.map((e) => e.name)).toEqual(['Public accuracy', 'Parameters', 'Training seconds']);
    expect(r.max_score).toBe(20);
    const thresholds = ZMnistSettings.parse({ thresholds: [
      { minAccuracy: 0.9, fraction: 0.5 }, { minAccuracy: 0.95, fraction: 0.75 }, { minAccuracy: 0.98, fraction: 1 },
    ] }).thresholds;
    // the share of the highest threshold reached
    const share = Math.max(0, ...thresholds.filter((t) => x.publicAccuracy >= t.minAccuracy).map((t) => t.fraction));
    expect(r.score).toBeCloseTo(20 * share, 6);
  });

  it('stops a diverging run (NaN loss) with feedback and no leaderboard entry', async () => {
    // Batch normalization straight on the pixels with epsilon ≈ 0: the always-black
    // corner pixels have zero variance, so 0 · rsqrt(0) = NaN on the first batch.
    const content = JSON.stringify({ input: [784], layers: [{ type: 'batch_normalization', epsilon: 1e-50 }, { type: 'dense', units: 10, activation: 'softmax' }] });
    const r = await runTrainJob(job({ format: 'spec', content }), { ...quiet, exercise, trainLimit: 320 });
    expect(r.gradable).toBe(true);
    expect(r.score).toBe(0);
    const t = r.tests.find((x) => x.name.startsWith('Training diverged'))!;
    expect(t.status).toBe('failed');
    expect(t.output).toMatch(/NaN/);
    expect(t.output).toMatch(/learning rate/);
    expect(r.leaderboard).toBeUndefined();
    expect((r.extra_data as { stoppedBy: string }).stoppedBy).toBe('nan');
  });

  it('stops at the wall-time budget and scores what it has', async () => {
    const r = await runTrainJob(job({ format: 'spec', content: seedSpec }), { ...quiet, exercise, trainLimit: 2000, budgets: { maxSeconds: 0.001 } });
    const x = r.extra_data as Record<string, unknown>;
    expect(x.stoppedBy).toBe('time');
    expect(r.output).toMatch(/wall-time budget/);
    expect(x.epochsRun as number).toBeLessThan(1);
    expect(typeof x.publicAccuracy).toBe('number');
    expect(r.leaderboard?.[0]?.value).toBe(Math.round((x.publicAccuracy as number) * 1e4) / 1e4);
  });

  it('caps epochs at the budget and says so', async () => {
    const r = await runTrainJob(job({ format: 'spec', content: seedSpec }, { epochs: 3 }), { ...quiet, exercise, trainLimit: 64, budgets: { maxEpochs: 1 } });
    expect((r.extra_data as { epochsRun: number }).epochsRun).toBe(1);
    expect(r.output).toMatch(/epochs capped at 1 by the exercise budget \(asked for 3\)/);
  });

  it("a student's invalid model is ungradable with the reason, before any training", async () => {
    const lambda = fs.readFileSync(path.resolve(import.meta.dirname, '../../fixtures/keras/lambda-keras3.json'), 'utf8');
    const r = await runTrainJob(job({ format: 'keras', content: lambda }), { ...quiet, exercise });
    expect(r.gradable).toBe(false);
    expect(r.format_errors.join()).toMatch(/Lambda/);
    const big = await runTrainJob(job({ format: 'spec', content: seedSpec }), { ...quiet, exercise, budgets: { maxParams: 5000 } });
    expect(big.gradable).toBe(false);
    expect(big.format_errors.join()).toMatch(/13,602 parameters; the limit is 5,000/);
  });

  it('evaluates uploaded TensorFlow.js weights without training, exactly as the original model scores', async () => {
    const { train, test } = await loadMnist();
    const model = tf.sequential({
      layers: [
        tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 8, kernelSize: 3, useBias: false, name: 'conv2d' }),
        tf.layers.maxPooling2d({ poolSize: 2, name: 'max_pooling2d' }),
        tf.layers.flatten({ name: 'flatten' }),
        tf.layers.dense({ units: 10, activation: 'softmax', name: 'dense' }),
      ],
    });
    model.compile({ optimizer: tf.train.adam(0.005), loss: 'categoricalCrossentropy' });
    const n = 1000;
    const xs = tf.tensor4d(gatherImages(train, Array.from({ length: n }, (_, i) => i)), [n, 28, 28, 1]);
    const ys = tf.oneHot(tf.tensor1d(Int32Array.from(train.labels.subarray(0, n)), 'int32'), 10).toFloat();
    await model.fit(xs, ys, { epochs: 1, batchSize: 32, verbose: 0 });
    tf.dispose([xs, ys]);
    let saved: tf.io.ModelArtifacts | undefined;
    await model.save(tf.io.withSaveHandler(async (a) => ((saved = a), { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } })));
    const direct = await evaluateModel({ tf, model, test, inputShape: [28, 28, 1] });
    model.dispose();

    const modelJson = JSON.stringify({
      format: 'layers-model',
      generatedBy: 'TensorFlow.js tfjs-layers v4.22.0',
      modelTopology: saved!.modelTopology,
      weightsManifest: [{ paths: ['group1-shard1of1.bin'], weights: saved!.weightSpecs }],
    });
    const bin = Buffer.from(saved!.weightData as ArrayBuffer).toString('base64');
    const r = await runTrainJob(job({ format: 'tfjs', content: modelJson, weights: { 'group1-shard1of1.bin': bin } }), { ...quiet, exercise });
    const x = r.extra_data as Record<string, number>;
    expect(r.gradable).toBe(true);
    expect(x.trainImages).toBe(0);
    expect(x.testAccuracy).toBe(direct.testAccuracy);
    expect(x.publicAccuracy).toBe(direct.publicAccuracy);
    expect(x.testAccuracy).toBeGreaterThan(0.5);

    const missing = await runTrainJob(job({ format: 'tfjs', content: modelJson, weights: {} }), { ...quiet, exercise });
    expect(missing.gradable).toBe(false);
    expect(missing.format_errors.join()).toMatch(/group1-shard1of1.bin/);
  });

  it('tf.memory() does not grow across jobs in one process', async () => {
    const run = () => runTrainJob(job({ format: 'spec', content: seedSpec }, {}, 'mem'), { ...quiet, exercise, trainLimit: 64 });
    await run();
    const after1 = tf.memory();
    await run();
    const after2 = tf.memory();
    await run();
    const after3 = tf.memory();
    expect(after2.numTensors).toBe(after1.numTensors);
    expect(after3.numTensors).toBe(after1.numTensors);
    expect(after3.numBytes).toBe(after1.numBytes);
  });
});

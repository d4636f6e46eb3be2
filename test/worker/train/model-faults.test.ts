import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeGraph, ZMnistSettings } from '../../../lib/model';
import { specToGraph } from '../../../lib/model/spec';
import type { TrainJob } from '../../../lib/queue/contract';
import { selectBackend, type Tf } from '../../../worker/train/backend';
import { buildModel } from '../../../worker/train/build-model';
import { loadMnist } from '../../../worker/train/mnist';
import { runTrainJob } from '../../../worker/train/train-job';
import { ModelStepError } from '../../../worker/train/train-loop';
import { sgdRun } from './sgd-run';
import { renderText } from '../../../lib/i18n/render';

// A fault of the submitted model must come back as an ungradable result with
// feedback; a throw would make BullMQ retry it as ours and spend the attempt.

const exercise = { points: 20, settings: ZMnistSettings.parse({}) };
const quiet = { backend: 'cpu' as const, log: () => {} };
const dilated = {
  input: [28, 28, 1],
  layers: [
    { type: 'conv2d', name: 'wide', filters: 4, kernel_size: 3, dilation_rate: 2 },
    { type: 'flatten' },
    { type: 'dense', units: 10, activation: 'softmax' },
  ],
};
const job = (content: string): TrainJob => ({
  submissionId: 'fault',
  run: 1,
  exerciseId: 'mnist-challenge',
  exerciseVersion: 'test',
  model: { format: 'spec', content },
  settings: { optimizer: 'sgd', learningRate: 0.01, batchSize: 32, epochs: 1 },
});

let tf: Tf;
beforeAll(async () => {
  tf = (await selectBackend(quiet)).tf;
  await loadMnist();
});

describe('model faults in the worker', () => {
  it('a dilated conv is ungradable with the layer and reason, not thrown', async () => {
    const r = await runTrainJob(job(JSON.stringify(dilated)), { ...quiet, exercise, trainLimit: 64 });
    expect(r.gradable).toBe(false);
    expect(r.format_errors.join('\n')).toMatch(/layer "wide" \(Conv2D\): dilation_rate \(2, 2\) cannot be trained/);
  });

  it('a first training step that tfjs refuses throws ModelStepError (the job turns it into feedback)', async () => {
    // Past the spec's runtime rules on purpose: the arithmetic alone accepts it, as it did before.
    const g = specToGraph(dilated);
    if (!g.ok) throw new Error(g.errors.map((e) => renderText(e)).join());
    const a = analyzeGraph(g.graph);
    if (!a.ok) throw new Error(a.errors.map((e) => renderText(e)).join());
    const { train } = await loadMnist();
    // Before building: model.dispose() frees the weights, so a baseline taken after it
    // would hide whatever the failed step left behind.
    const before = tf.memory().numTensors;
    const model = buildModel(tf, a.graph);
    try {
      const run = sgdRun({ tf, model, train, trainCount: 64 });
      await expect(run).rejects.toBeInstanceOf(ModelStepError);
      await expect(run).rejects.toThrow(/dilation rates greater than 1/);
    } finally {
      model.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('which step fails does not decide: a model-fault message at the last batch is ModelStepError, anything else is rethrown', async () => {
    const small = { input: [28, 28, 1], layers: [{ type: 'flatten' }, { type: 'dense', units: 10, activation: 'softmax' }] };
    const g = specToGraph(small);
    if (!g.ok) throw new Error(g.errors.map((e) => renderText(e)).join());
    const a = analyzeGraph(g.graph);
    if (!a.ok) throw new Error(a.errors.map((e) => renderText(e)).join());
    const { train } = await loadMnist();
    // 40 images in batches of 32: the second (last) batch holds 8, a shape the first step never had.
    const run = async (failure: Error) => {
      const model = buildModel(tf, a.graph);
      const real = model.trainOnBatch.bind(model);
      let calls = 0;
      model.trainOnBatch = async (x, y) => {
        if (++calls === 2) throw failure;
        return real(x, y);
      };
      try {
        // the tfjs engine: this model would otherwise run in the native trainer, which has no trainOnBatch to fail
        return await sgdRun({ tf, model, train, trainCount: 40, engine: 'tfjs' });
      } finally {
        model.dispose();
      }
    };
    await expect(run(new Error('Error when checking input: expected input1 to have shape [32,28,28,1] but got array with shape [8,28,28,1]'))).rejects.toBeInstanceOf(
      ModelStepError,
    );
    const oom = new RangeError('Array buffer allocation failed');
    await expect(run(oom)).rejects.toBe(oom);
    const generic = new Error('out of memory');
    await expect(run(generic)).rejects.toBe(generic);
  });
});

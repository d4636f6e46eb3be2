import { beforeAll, describe, expect, it } from 'vitest';
import { parseModelSubmission } from '../../../lib/model';
import { ZJobProgress, type JobProgress } from '../../../lib/queue/contract';
import { selectBackend, type Tf } from '../../../worker/train/backend';
import { buildModel } from '../../../worker/train/build-model';
import { IMAGE_SIZE, loadMnist, type MnistSplit } from '../../../worker/train/mnist';
import { trainModel, validationSlice } from '../../../worker/train/train-loop';
import { renderText } from '../../../lib/i18n/render';

// Validation loss and accuracy each epoch, on training images held out from
// training (the test set stays unseen until scoring).

let tf: Tf;
beforeAll(async () => {
  tf = (await selectBackend({ backend: 'cpu', log: () => {} })).tf;
});

const tiny = { name: 'tiny', input: [28, 28, 1], layers: [{ type: 'flatten', name: 'f' }, { type: 'dense', name: 'out', units: 10, activation: 'softmax' }] };

describe('validation during training', () => {
  it('holds out the last tenth of the training images, at most 1,000', () => {
    expect(validationSlice(60_000)).toEqual({ start: 59_000, count: 1000 });
    expect(validationSlice(300)).toEqual({ start: 270, count: 30 });
  });

  it('reports validation loss and accuracy at every epoch end and never trains on those images', async () => {
    const { train } = await loadMnist();
    // 300 training images: 270 to train on, 30 held out.
    const small: MnistSplit = { pixels: train.pixels.subarray(0, 300 * IMAGE_SIZE), labels: train.labels.subarray(0, 300), count: 300 };
    const parsed = parseModelSubmission({ format: 'spec', content: JSON.stringify(tiny) });
    if (!parsed.ok) throw new Error(parsed.errors.map((e) => renderText(e)).join('\n'));
    const before = tf.memory().numTensors;
    const model = buildModel(tf, parsed.graph);
    const progress: JobProgress[] = [];
    try {
      const out = await trainModel({
        tf,
        model,
        train: small,
        trainCount: 300,
        inputShape: [28, 28, 1],
        settings: { optimizer: 'adam', learningRate: 0.01, batchSize: 30, epochs: 2 },
        epochs: 2,
        maxSeconds: 600,
        onProgress: (p) => void progress.push(p),
      });
      expect(out.imagesSeen).toBe(2 * 270);
      expect(out.epochs).toHaveLength(2);
      for (const e of out.epochs) {
        expect(e.valLoss).toBeGreaterThan(0);
        expect(e.valAccuracy).toBeGreaterThanOrEqual(0);
        expect(e.valAccuracy).toBeLessThanOrEqual(1);
      }
      // The curve carries the validation point at each epoch's end, and the contract accepts it.
      const atEnds = out.history.filter((h) => h.valLoss != null);
      expect(atEnds.map((h) => h.epoch)).toEqual([1, 2]);
      expect(ZJobProgress.parse({ phase: 'training', history: out.history }).history).toEqual(out.history);
      expect(progress.at(-1)?.history?.some((h) => h.valAccuracy != null)).toBe(true);
    } finally {
      model.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
  });
});

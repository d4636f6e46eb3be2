import { beforeAll, describe, expect, it } from 'vitest';
import { parseModelSubmission, SPEC_LAYER_TYPES } from '../../../lib/model';
import { selectBackend, type Tf } from '../../../worker/train/backend';
import { buildModel } from '../../../worker/train/build-model';
import { loadMnist } from '../../../worker/train/mnist';
import { sgdRun } from './sgd-run';
import { renderText } from '../../../lib/i18n/render';

// The form's summary (lib/model, the numeric exercises' arithmetic) and the model
// the worker trains (worker/train/build-model.ts) are written separately: if they
// disagreed, a student would be shown one parameter count and graded on another.

const spec = {
  name: 'every_layer',
  input: [28, 28, 1],
  layers: [
    { type: 'conv2d', name: 'c1', filters: 4, kernel_size: 3, padding: 'same', activation: 'relu' },
    { type: 'batch_normalization', name: 'bn' },
    { type: 'depthwise_conv2d', name: 'dw', kernel_size: 3, padding: 'same', depth_multiplier: 1 },
    { type: 'add', name: 'skip', inputs: ['bn', 'dw'] },
    { type: 'activation', name: 'act', activation: 'relu' },
    { type: 'max_pool2d', name: 'mp', pool_size: 2 },
    { type: 'separable_conv2d', name: 'sep', filters: 8, kernel_size: 3, padding: 'same', depth_multiplier: 2, activation: 'relu' },
    { type: 'average_pool2d', name: 'ap', pool_size: 2 },
    { type: 'zero_padding2d', name: 'zp', padding: 1 },
    { type: 'global_average_pool2d', name: 'gap', inputs: 'zp' },
    { type: 'global_max_pool2d', name: 'gmp', inputs: 'ap' },
    { type: 'flatten', name: 'flat', inputs: 'zp' },
    { type: 'dropout', name: 'drop', rate: 0.25 },
    { type: 'dense', name: 'd1', units: 8, activation: 'tanh' },
    { type: 'concatenate', name: 'cat', inputs: ['gap', 'gmp', 'd1'] },
    { type: 'reshape', name: 'rs', target_shape: [4, 6] },
    { type: 'flatten', name: 'flat2' },
    { type: 'dense', name: 'out', units: 10, activation: 'softmax' },
  ],
};

let tf: Tf;
beforeAll(async () => {
  tf = (await selectBackend({ backend: 'cpu', log: () => {} })).tf;
});

describe('buildModel against the summary', () => {
  const parsed = parseModelSubmission({ format: 'spec', content: JSON.stringify(spec) });

  it('the spec uses every layer type the spec format allows', () => {
    expect(parsed.ok, parsed.ok ? '' : parsed.errors.map((e) => renderText(e)).join('\n')).toBe(true);
    expect(new Set(spec.layers.map((l) => l.type))).toEqual(new Set(SPEC_LAYER_TYPES));
  });

  it("every layer's parameters and output shape match tfjs; so do the totals", () => {
    if (!parsed.ok) throw new Error(parsed.errors.map((e) => renderText(e)).join('\n'));
    const model = buildModel(tf, parsed.graph);
    try {
      for (const row of parsed.summary.rows.filter((r) => r.type !== 'InputLayer')) {
        const layer = model.getLayer(row.name);
        expect([row.name, layer.countParams()]).toEqual([row.name, row.params]);
        expect([row.name, (layer.outputShape as number[]).slice(1)]).toEqual([row.name, row.outputShape]);
      }
      expect(model.countParams()).toBe(parsed.summary.totalParams);
      const trainable = model.trainableWeights.reduce((s, w) => s + w.shape.reduce((a, b) => a! * b!, 1)!, 0);
      expect(trainable).toBe(parsed.summary.trainableParams);
      // batch norm's moving mean and variance
      expect(parsed.summary.nonTrainableParams).toBe(8);
    } finally {
      model.dispose();
    }
  });

  it('trains one batch through the worker loop with a finite loss', async () => {
    if (!parsed.ok) throw new Error(parsed.errors.map((e) => renderText(e)).join('\n'));
    const { train } = await loadMnist();
    const model = buildModel(tf, parsed.graph);
    try {
      const out = await sgdRun({ tf, model, train, trainCount: 32 });
      expect(out.stoppedBy).toBe('completed');
      expect(out.imagesSeen).toBe(32);
      expect(out.history).toHaveLength(1);
      expect(Number.isFinite(out.history[0]!.loss)).toBe(true);
    } finally {
      model.dispose();
    }
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { createRng } from '@/lib/grading/rng';
import {
  conv2dOutputShape,
  conv2dParams,
  conv2dTransposeOutputShape,
  crossCorrelate2d,
  depthwiseConv2dParams,
  pool2d,
  pool2dOutputShape,
  separableConv2dParams,
  transposedConv2d,
} from '@/lib/cnn';

// TensorFlow.js as an independent oracle for the Keras conventions ('same',
// 'valid', dilation, transposed conv, layer parameter counts). Only tests import it;
// lib/cnn stays free of tfjs so the web app can use it.

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('against TensorFlow.js', () => {
  it("conv2d output shapes for 'same' and 'valid' with strides and dilation", () => {
    const rng = createRng('tfjs-conv-shapes');
    for (let i = 0; i < 40; i++) {
      const [h, w, c] = [rng.int(7, 20), rng.int(7, 20), rng.int(1, 3)];
      // k ≤ 3 and d ≤ 3 keep the dilated extent (≤ 7) inside the input
      const k = rng.int(1, 3);
      const padding = rng.pick(['same', 'valid'] as const);
      // tfjs refuses strides > 1 together with dilation > 1
      const dilated = rng.next() < 0.3;
      const s = dilated ? 1 : rng.int(1, 3);
      const d = dilated ? rng.int(2, 3) : 1;
      const x = tf.zeros([1, h, w, c]) as tf.Tensor4D;
      const f = tf.zeros([k, k, c, 2]) as tf.Tensor4D;
      const y = tf.conv2d(x, f, s, padding, 'NHWC', d);
      expect(conv2dOutputShape({ inputShape: [h, w, c], filters: 2, kernelSize: k, strides: s, padding, dilation: d })).toEqual(
        y.shape.slice(1),
      );
      tf.dispose([x, f, y]);
    }
  });

  it('cross-correlation values equal tf.conv2d (which does not flip the kernel)', async () => {
    const rng = createRng('tfjs-conv-values');
    for (let i = 0; i < 10; i++) {
      const n = rng.int(3, 7);
      const k = rng.int(1, 3);
      const s = rng.int(1, 2);
      const input = Array.from({ length: n }, () => Array.from({ length: n }, () => rng.int(-5, 5)));
      const kernel = Array.from({ length: k }, () => Array.from({ length: k }, () => rng.int(-3, 3)));
      const y = tf.conv2d(tf.tensor4d(input.flat(), [1, n, n, 1]), tf.tensor4d(kernel.flat(), [k, k, 1, 1]), s, 'valid');
      const values = (await y.array()) as number[][][][];
      expect(crossCorrelate2d({ input, kernel, strides: s })).toEqual(values[0]!.map((r) => r.map((v) => v[0])));
    }
  });

  it('max/avg pooling values and shapes equal tf.maxPool/avgPool', async () => {
    const rng = createRng('tfjs-pool');
    for (let i = 0; i < 10; i++) {
      const n = rng.int(4, 8);
      const k = rng.int(2, 3);
      const s = rng.int(1, 3);
      const input = Array.from({ length: n }, () => Array.from({ length: n }, () => rng.int(0, 20)));
      const x = tf.tensor4d(input.flat(), [1, n, n, 1]);
      for (const mode of ['max', 'avg'] as const) {
        const y = mode === 'max' ? tf.maxPool(x, k, s, 'valid') : tf.avgPool(x, k, s, 'valid');
        const values = ((await y.array()) as number[][][][])[0]!.map((r) => r.map((v) => v[0]!));
        const ours = pool2d({ input, poolSize: k, strides: s, mode });
        expect(pool2dOutputShape({ inputShape: [n, n, 1], poolSize: k, strides: s })).toEqual(y.shape.slice(1));
        ours.forEach((row, r) => row.forEach((v, c) => expect(v).toBeCloseTo(values[r]![c]!, 4)));
      }
    }
  });

  it('transposed conv values and Keras output shapes equal tf.conv2dTranspose / layers.conv2dTranspose', async () => {
    const rng = createRng('tfjs-transposed');
    for (let i = 0; i < 10; i++) {
      const n = rng.int(2, 4);
      const k = rng.int(1, 3);
      const s = rng.int(1, 2);
      const input = Array.from({ length: n }, () => Array.from({ length: n }, () => rng.int(0, 4)));
      const kernel = Array.from({ length: k }, () => Array.from({ length: k }, () => rng.int(0, 3)));
      const ours = transposedConv2d({ input, kernel, strides: s });
      const m = ours.length;
      const y = tf.conv2dTranspose(tf.tensor4d(input.flat(), [1, n, n, 1]), tf.tensor4d(kernel.flat(), [k, k, 1, 1]), [1, m, m, 1], s, 'valid');
      expect(ours).toEqual(((await y.array()) as number[][][][])[0]!.map((r) => r.map((v) => v[0])));
      for (const padding of ['same', 'valid'] as const) {
        const model = tf.sequential({
          layers: [tf.layers.conv2dTranspose({ inputShape: [n, n + 1, 2], filters: 3, kernelSize: k, strides: s, padding })],
        });
        expect(conv2dTransposeOutputShape({ inputShape: [n, n + 1, 2], filters: 3, kernelSize: k, strides: s, padding })).toEqual(
          model.outputs[0]!.shape.slice(1),
        );
        model.dispose();
      }
    }
  });

  it('parameter counts equal Keras layers.countParams()', () => {
    const rng = createRng('tfjs-params');
    for (let i = 0; i < 10; i++) {
      const c = rng.int(1, 8);
      const filters = rng.int(1, 8);
      const k = rng.int(1, 5);
      const useBias = rng.next() < 0.5;
      const dm = rng.int(1, 2);
      const inputShape = [k + 3, k + 3, c];
      const count = (layer: tf.layers.Layer) => {
        const model = tf.sequential({ layers: [layer] });
        const n = model.countParams();
        model.dispose();
        return n;
      };
      expect(conv2dParams({ kernelSize: k, inputChannels: c, filters, useBias })).toBe(
        count(tf.layers.conv2d({ inputShape, filters, kernelSize: k, useBias })),
      );
      expect(separableConv2dParams({ kernelSize: k, inputChannels: c, filters, depthMultiplier: dm, useBias })).toBe(
        count(tf.layers.separableConv2d({ inputShape, filters, kernelSize: k, depthMultiplier: dm, useBias })),
      );
      expect(depthwiseConv2dParams({ kernelSize: k, inputChannels: c, depthMultiplier: dm, useBias })).toBe(
        count(tf.layers.depthwiseConv2d({ inputShape, kernelSize: k, depthMultiplier: dm, useBias })),
      );
    }
  });
});

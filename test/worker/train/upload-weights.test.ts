import { beforeAll, describe, expect, it } from 'vitest';
import type { TfjsModelJson } from '../../../lib/model';
import { selectBackend, type Tf } from '../../../worker/train/backend';
import { loadUploadedWeights, WeightsError } from '../../../worker/train/upload-weights';

// The worker checks uploaded weight files with the web app's checkTfjsWeightFiles, so
// both ends word a missing file or a wrong byte count alike; these pin the worker to it.

let tf: Tf;
beforeAll(async () => {
  tf = (await selectBackend({ backend: 'cpu', log: () => {} })).tf;
});

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

function tinyModel() {
  return tf.sequential({ layers: [tf.layers.dense({ name: 'd', inputShape: [3], units: 2 })] });
}

describe('loadUploadedWeights', () => {
  it('loads float32 weights and uint16-quantized ones (2 bytes a value)', () => {
    const model = tinyModel();
    try {
      const kernel = new Float32Array([1, 2, 3, 4, 5, 6]);
      const bias = new Uint16Array([0, 10]); // min 0, scale 0.5 → [0, 5]
      const manifest: TfjsModelJson['weightsManifest'] = [
        {
          paths: ['w.bin'],
          weights: [
            { name: 'd/kernel', shape: [3, 2], dtype: 'float32' },
            { name: 'd/bias', shape: [2], dtype: 'float32', quantization: { dtype: 'uint16', scale: 0.5, min: 0 } },
          ],
        },
      ];
      const bytes = new Uint8Array(24 + 4);
      bytes.set(new Uint8Array(kernel.buffer), 0);
      bytes.set(new Uint8Array(bias.buffer), 24);
      loadUploadedWeights({ tf, model, manifest, files: { 'w.bin': b64(bytes) } });
      const [k, b] = model.getWeights();
      expect(Array.from(k!.dataSync())).toEqual([1, 2, 3, 4, 5, 6]);
      expect(Array.from(b!.dataSync())).toEqual([0, 5]);
    } finally {
      model.dispose();
    }
  });

  it('a missing file or a wrong byte count is a WeightsError in the web form\'s words', () => {
    const model = tinyModel();
    const manifest: TfjsModelJson['weightsManifest'] = [
      { paths: ['w.bin'], weights: [{ name: 'd/kernel', shape: [3, 2], dtype: 'float32' }, { name: 'd/bias', shape: [2], dtype: 'float32' }] },
    ];
    try {
      expect(() => loadUploadedWeights({ tf, model, manifest, files: {} })).toThrow(WeightsError);
      expect(() => loadUploadedWeights({ tf, model, manifest, files: {} })).toThrow('weight file "w.bin" listed in model.json was not uploaded');
      const short = () => loadUploadedWeights({ tf, model, manifest, files: { 'w.bin': b64(new Uint8Array(28)) } });
      expect(short).toThrow(WeightsError);
      expect(short).toThrow(/"w.bin" holds 28 bytes but model.json describes 32/);
    } finally {
      model.dispose();
    }
  });
});

import type * as tfjs from '@tensorflow/tfjs';
import { checkTfjsWeightFiles, type TfjsModelJson } from '../../lib/model';
import { uploadedWeightFile } from '../../lib/model/tfjs-model-json';
import { renderText } from '../../lib/i18n/render';
import type { Tf } from './backend';

// Puts the weights of an uploaded TensorFlow.js Layers model (model.json +
// binary shards, base64 in the job) into the model we built from its topology.
// Building it ourselves keeps one code path for Keras 3 / tf.keras 2 topologies
// and never lets tfjs deserialize anything we have not validated.

export const MAX_WEIGHT_BYTES = 64 * 1024 * 1024;

export class WeightsError extends Error {}

export function loadUploadedWeights(opts: {
  tf: Tf;
  model: tfjs.LayersModel;
  manifest: TfjsModelJson['weightsManifest'];
  files: Record<string, string>;
}): void {
  const { tf, model } = opts;
  // The same check the web app made before queueing, so both ends word it alike: after it,
  // every listed file is there and holds exactly the bytes its weights need.
  const problems = checkTfjsWeightFiles({ manifest: opts.manifest, files: opts.files });
  if (problems.length) throw new WeightsError(problems.map((p) => renderText(p)).join('; '));
  const buffers: Uint8Array[] = [];
  let total = 0;
  for (const group of opts.manifest) {
    for (const p of group.paths) {
      const bytes = Buffer.from(uploadedWeightFile(opts.files, p)!, 'base64');
      total += bytes.length;
      if (total > MAX_WEIGHT_BYTES) throw new WeightsError(`the weight files exceed ${MAX_WEIGHT_BYTES / 1024 / 1024} MiB`);
      buffers.push(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length));
    }
  }
  const joined = new Uint8Array(total);
  let off = 0;
  for (const b of buffers) {
    joined.set(b, off);
    off += b.length;
  }
  const specs = opts.manifest.flatMap((g) => g.weights) as tfjs.io.WeightsManifestEntry[];
  let named: tfjs.NamedTensorMap;
  try {
    named = tf.io.decodeWeights(joined.buffer, specs);
  } catch (e) {
    throw new WeightsError(`the weight files could not be decoded: ${(e as Error).message}`);
  }
  try {
    const byKey = new Map<string, tfjs.Tensor>();
    for (const [name, t] of Object.entries(named)) byKey.set(key(name), t);
    const targets = model.weights;
    let chosen: tfjs.Tensor[] | undefined = targets.map((w) => byKey.get(key(w.originalName))!);
    if (chosen.some((t) => !t)) {
      // Converters differ in name prefixes; fall back to manifest order when shapes line up.
      const ordered = specs.map((s) => named[s.name]!);
      chosen = ordered.length === targets.length ? ordered : undefined;
    }
    if (!chosen) throw new WeightsError(`model.json lists ${specs.length} weights but the model has ${targets.length}`);
    targets.forEach((w, i) => {
      const got = chosen![i]!.shape;
      if (got.length !== w.shape.length || got.some((d, j) => d !== w.shape[j])) {
        throw new WeightsError(`weight "${w.originalName}" has shape [${got.join(', ')}] in the upload but the model needs [${w.shape.join(', ')}]`);
      }
    });
    model.setWeights(chosen);
  } finally {
    tf.dispose(Object.values(named));
  }
}

/** "sequential/conv2d/kernel:0" and "conv2d/kernel" both → "conv2d/kernel". */
function key(name: string): string {
  return name.replace(/:\d+$/, '').split('/').slice(-2).join('/');
}

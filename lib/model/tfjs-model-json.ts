import { modelError as m } from './errors';
import type { Message } from '../i18n/message';

// A TensorFlow.js Layers model.json (tensorflowjs_converter or model.save()):
//   { format: "layers-model", modelTopology: <Keras JSON> | {model_config: <Keras JSON>, ...},
//     weightsManifest: [{ paths: [...], weights: [{name, shape, dtype, quantization?}] }] }

export interface WeightSpec {
  name: string;
  shape: number[];
  dtype: string;
  quantization?: unknown;
}
export interface WeightGroup {
  paths: string[];
  weights: WeightSpec[];
}
export interface TfjsModelJson {
  topology: unknown;
  weightsManifest: WeightGroup[];
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function readTfjsModelJson(doc: unknown): { ok: true; value: TfjsModelJson } | { ok: false; error: Message } {
  if (!isObj(doc)) return { ok: false, error: m('tfjsNotObject') };
  if (doc.format === 'graph-model' || (isObj(doc.modelTopology) && 'node' in doc.modelTopology)) {
    return { ok: false, error: m('tfjsGraphModel') };
  }
  if (!isObj(doc.modelTopology)) return { ok: false, error: m('tfjsNoTopology') };
  const topology = isObj(doc.modelTopology.model_config) ? doc.modelTopology.model_config : doc.modelTopology;
  const manifest = doc.weightsManifest;
  if (!Array.isArray(manifest)) return { ok: false, error: m('tfjsNoManifest') };
  for (const g of manifest) {
    if (!isObj(g) || !Array.isArray(g.paths) || !Array.isArray(g.weights)) {
      return { ok: false, error: m('tfjsManifestEntries') };
    }
    for (const w of g.weights) {
      if (!isObj(w) || typeof w.name !== 'string' || !Array.isArray(w.shape) || typeof w.dtype !== 'string') {
        return { ok: false, error: m('tfjsWeightFields') };
      }
    }
  }
  return { ok: true, value: { topology, weightsManifest: manifest as WeightGroup[] } };
}

/** File names the upload must include, in manifest order. */
export function tfjsWeightFiles(model: TfjsModelJson): string[] {
  return model.weightsManifest.flatMap((g) => g.paths);
}

/** Bytes one stored value takes: quantized weights store the quantized dtype. */
function bytesPerValue(w: WeightSpec): number | undefined {
  const q = (w.quantization as { dtype?: string } | undefined)?.dtype;
  if (q) return q === 'uint8' ? 1 : q === 'uint16' || q === 'float16' ? 2 : undefined;
  return w.dtype === 'float32' || w.dtype === 'int32' ? 4 : w.dtype === 'bool' ? 1 : undefined;
}

/** Decoded length of a base64 string, without decoding it. */
function base64Bytes(b64: string): number | undefined {
  const s = b64.replace(/\s+/g, '');
  if (s.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(s)) return undefined;
  return (s.length / 4) * 3 - (s.endsWith('==') ? 2 : s.endsWith('=') ? 1 : 0);
}

/** The uploaded file for a manifest path: by its path, or by its file name (browsers upload names only). */
export function uploadedWeightFile(files: Record<string, string>, p: string): string | undefined {
  return files[p] ?? files[p.split('/').pop()!];
}

/**
 * Checks uploaded weight files against model.json before anything is queued: every
 * path the manifest lists is present, and each group's files hold exactly the bytes
 * its weights need (values of the shape × bytes of the dtype; a group's weights are
 * stored back to back across its shards). Files are base64, as the form posts them.
 * Returns sentences (as data) naming the file; empty means the upload is complete.
 */
export function checkTfjsWeightFiles(opts: { manifest: WeightGroup[]; files: Record<string, string> }): Message[] {
  const errors: Message[] = [];
  for (const group of opts.manifest) {
    let expected = 0;
    for (const w of group.weights) {
      const per = bytesPerValue(w);
      if (per === undefined) {
        const dtype = (w.quantization as { dtype?: string } | undefined)?.dtype ?? w.dtype;
        errors.push(m(w.quantization ? 'weightQuantizedDtype' : 'weightDtype', { name: w.name, dtype }));
        expected = NaN;
        continue;
      }
      expected += w.shape.reduce((a, b) => a * b, 1) * per;
    }
    let got = 0;
    let complete = true;
    for (const p of group.paths) {
      const b64 = uploadedWeightFile(opts.files, p);
      if (b64 === undefined) {
        errors.push(m('weightMissing', { file: p }));
        complete = false;
        continue;
      }
      const n = base64Bytes(b64);
      if (n === undefined) {
        errors.push(m('weightBase64', { file: p }));
        complete = false;
        continue;
      }
      got += n;
    }
    if (complete && Number.isFinite(expected) && got !== expected) {
      const names = group.paths.map((p) => `"${p}"`).join(', ');
      const which = group.weights.slice(0, 3).map((w) => w.name).join(', ') + (group.weights.length > 3 ? ', …' : '');
      errors.push(m('weightBytes', { files: group.paths.length, names, got, expected, which }));
    }
  }
  return errors;
}

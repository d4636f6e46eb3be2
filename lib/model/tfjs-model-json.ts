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

export function readTfjsModelJson(doc: unknown): { ok: true; value: TfjsModelJson } | { ok: false; error: string } {
  if (!isObj(doc)) return { ok: false, error: 'model.json must be a JSON object' };
  if (doc.format === 'graph-model' || (isObj(doc.modelTopology) && 'node' in doc.modelTopology)) {
    return { ok: false, error: 'this is a TensorFlow.js graph model; upload a Layers model (tensorflowjs_converter --output_format=tfjs_layers_model)' };
  }
  if (!isObj(doc.modelTopology)) return { ok: false, error: 'model.json has no modelTopology' };
  const topology = isObj(doc.modelTopology.model_config) ? doc.modelTopology.model_config : doc.modelTopology;
  const manifest = doc.weightsManifest;
  if (!Array.isArray(manifest)) return { ok: false, error: 'model.json has no weightsManifest: the weight files are missing' };
  for (const g of manifest) {
    if (!isObj(g) || !Array.isArray(g.paths) || !Array.isArray(g.weights)) {
      return { ok: false, error: 'weightsManifest entries must have "paths" and "weights"' };
    }
    for (const w of g.weights) {
      if (!isObj(w) || typeof w.name !== 'string' || !Array.isArray(w.shape) || typeof w.dtype !== 'string') {
        return { ok: false, error: 'every weight in weightsManifest needs a name, shape and dtype' };
      }
    }
  }
  return { ok: true, value: { topology, weightsManifest: manifest as WeightGroup[] } };
}

/** File names the upload must include, in manifest order. */
export function tfjsWeightFiles(model: TfjsModelJson): string[] {
  return model.weightsManifest.flatMap((g) => g.paths);
}

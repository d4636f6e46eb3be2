import { analyzeGraph, DEFAULT_LIMITS, type ModelLimits } from './analyze';
import type { ModelGraph } from './graph';
import { kerasToGraph } from './keras';
import { byteLength, MAX_KERAS_BYTES, MAX_SPEC_BYTES, parseDocument } from './parse-text';
import { specToGraph } from './spec';
import type { ModelSummary } from './summary';
import { readTfjsModelJson } from './tfjs-model-json';
import { modelError } from './errors';
import type { Text } from '../i18n/message';

// Entry point for the web app (validation + summary before queueing) and the
// worker (which re-parses the same content, so both ends agree by construction).

export type { ModelGraph, GraphNode, GraphLayer, LayerType, Activation } from './graph';
export type { ModelSummary, SummaryRow } from './summary';
export type { ModelLimits } from './analyze';
export type { LayerSpec, ModelSpec } from './spec';
export { formatSummary } from './summary';
export { analyzeGraph, DEFAULT_LIMITS } from './analyze';
export { ZLayerSpec, ZModelSpec, SPEC_LAYER_TYPES } from './spec';
export { checkTfjsWeightFiles, readTfjsModelJson, tfjsWeightFiles, type TfjsModelJson, type WeightGroup } from './tfjs-model-json';
export { MAX_SPEC_BYTES, MAX_KERAS_BYTES } from './parse-text';

export type ModelFormat = 'keras' | 'spec' | 'tfjs';
/** `errors` are sentences as data (lib/i18n/message.ts): renderText writes them for the reader, in English by default. */
export type ParsedModel = { ok: true; graph: ModelGraph; summary: ModelSummary } | { ok: false; errors: Text[] };

export function parseModelSubmission(opts: {
  format: ModelFormat;
  content: string;
  limits?: { maxParams?: number; maxLayers?: number };
}): ParsedModel {
  const limits: ModelLimits = {
    maxParams: opts.limits?.maxParams ?? DEFAULT_LIMITS.maxParams,
    maxLayers: opts.limits?.maxLayers ?? DEFAULT_LIMITS.maxLayers,
  };
  const what = modelError(`what.${opts.format}`);
  const cap = opts.format === 'spec' ? MAX_SPEC_BYTES : MAX_KERAS_BYTES;
  const size = byteLength(opts.content);
  if (size > cap) return { ok: false, errors: [modelError('tooBig', { what, size: kib(size), limit: kib(cap) })] };
  if (!opts.content.trim()) return { ok: false, errors: [modelError('empty', { what })] };

  const parsed = parseDocument({ text: opts.content, yaml: opts.format === 'spec', what });
  if (!parsed.ok) return { ok: false, errors: [parsed.error] };

  let doc = parsed.value;
  if (opts.format === 'tfjs') {
    const m = readTfjsModelJson(doc);
    if (!m.ok) return { ok: false, errors: [m.error] };
    doc = m.value.topology;
  }
  // Count before converting: a "million layers" model is refused without walking it.
  const count = layerCount(doc, opts.format);
  if (count > limits.maxLayers + 1) {
    return { ok: false, errors: [modelError('tooManyLayers', { count, limit: limits.maxLayers })] };
  }
  const converted = opts.format === 'spec' ? specToGraph(doc) : kerasToGraph(doc, opts.format === 'tfjs' ? 'tfjs' : undefined);
  if (!converted.ok) return converted;
  return analyzeGraph(converted.graph, limits, { runtime: opts.format === 'tfjs' ? 'evaluate' : 'train' });
}

function layerCount(doc: unknown, format: ModelFormat): number {
  const d = doc as { layers?: unknown; config?: { layers?: unknown } } | unknown[] | null;
  if (Array.isArray(d)) return d.length;
  const layers = format === 'spec' ? d?.layers : d?.config?.layers;
  return Array.isArray(layers) ? layers.length : 0;
}

function kib(bytes: number): string {
  return (bytes / 1024).toFixed(bytes < 10240 ? 1 : 0);
}
export * from './settings';
export * from './leaderboard';

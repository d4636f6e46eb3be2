import { z } from 'zod';
import { normalizeActivation } from './activation';
import type { GraphLayer, GraphNode, ModelGraph, Pair } from './graph';
import { modelError as m } from './errors';
import { describeIssue, valueAt } from '../forms/messages';
import type { Text } from '../i18n/message';

// The layer spec for students without Keras: JSON or YAML, Keras-like names.
//   input: [28, 28, 1]            # optional
//   layers:
//     - { type: conv2d, name: c1, filters: 8, kernel_size: 3, use_bias: false }
//     - { type: max_pool2d, pool_size: 2 }
//     - { type: flatten }
//     - { type: dense, units: 10, activation: softmax }
// A layer reads the previous layer unless it lists `inputs` (names), which is how
// `add` builds skip connections.

const ZSize = z.union([z.number().int().positive(), z.tuple([z.number().int().positive(), z.number().int().positive()])]);
const ZPaddingMode = z.enum(['valid', 'same']);
const ZInputs = z.union([z.string(), z.array(z.string()).min(1)]);

const common = { name: z.string().regex(/^[A-Za-z0-9_.\-]{1,64}$/, 'modelErrors.nameRule').optional(), inputs: ZInputs.optional() };
const convCommon = {
  ...common,
  kernel_size: ZSize,
  strides: ZSize.default(1),
  padding: ZPaddingMode.default('valid'),
  dilation_rate: ZSize.default(1),
  use_bias: z.boolean().default(true),
  activation: z.string().default('linear'),
};
const poolCommon = { ...common, pool_size: ZSize.default(2), strides: ZSize.optional(), padding: ZPaddingMode.default('valid') };

export const ZLayerSpec = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('conv2d'), filters: z.number().int().positive(), ...convCommon }),
  z.strictObject({ type: z.literal('depthwise_conv2d'), depth_multiplier: z.number().int().positive().default(1), ...convCommon }),
  z.strictObject({
    type: z.literal('separable_conv2d'),
    filters: z.number().int().positive(),
    depth_multiplier: z.number().int().positive().default(1),
    ...convCommon,
  }),
  z.strictObject({ type: z.literal('max_pool2d'), ...poolCommon }),
  z.strictObject({ type: z.literal('average_pool2d'), ...poolCommon }),
  z.strictObject({ type: z.literal('global_average_pool2d'), ...common }),
  z.strictObject({ type: z.literal('global_max_pool2d'), ...common }),
  z.strictObject({
    type: z.literal('batch_normalization'),
    ...common,
    momentum: z.number().min(0).max(1).default(0.99),
    epsilon: z.number().positive().default(0.001),
    center: z.boolean().default(true),
    scale: z.boolean().default(true),
  }),
  z.strictObject({ type: z.literal('dropout'), ...common, rate: z.number().min(0).lt(1) }),
  z.strictObject({ type: z.literal('flatten'), ...common }),
  z.strictObject({ type: z.literal('reshape'), ...common, target_shape: z.array(z.number().int().positive()).min(1).max(3) }),
  z.strictObject({ type: z.literal('zero_padding2d'), ...common, padding: z.number().int().nonnegative().default(1) }),
  z.strictObject({
    type: z.literal('dense'),
    ...common,
    units: z.number().int().positive(),
    use_bias: z.boolean().default(true),
    activation: z.string().default('linear'),
  }),
  z.strictObject({ type: z.literal('activation'), ...common, activation: z.string() }),
  z.strictObject({ type: z.literal('add'), ...common }),
  z.strictObject({ type: z.literal('concatenate'), ...common }),
]);
export type LayerSpec = z.infer<typeof ZLayerSpec>;
export const SPEC_LAYER_TYPES = ZLayerSpec.options.map((o) => o.shape.type.value);

export const ZModelSpec = z.strictObject({
  name: z.string().max(64).default('model'),
  input: z.array(z.number().int().positive()).min(1).max(3).default([28, 28, 1]),
  layers: z.array(z.unknown()).min(1),
  /** the output layer's name; default the last layer */
  output: z.string().optional(),
});
export type ModelSpec = z.infer<typeof ZModelSpec>;

const pair = (v: number | [number, number]): Pair => (typeof v === 'number' ? [v, v] : [v[0], v[1]]);

/** Spec (already parsed from JSON/YAML) → graph; errors name the layer, schema problems the option (as written, not translated). */
export function specToGraph(raw: unknown): { ok: true; graph: ModelGraph } | { ok: false; errors: Text[] } {
  const doc = Array.isArray(raw) ? { layers: raw } : raw;
  const top = ZModelSpec.safeParse(doc);
  if (!top.success) {
    const label = (path: PropertyKey[]) => (path.length ? m('specPath', { path: path.join('.') }) : m('specRoot'));
    return { ok: false, errors: top.error.issues.map((i) => describeIssue(i, label(i.path), valueAt(doc, i.path))) };
  }
  const spec = top.data;
  const errors: Text[] = [];
  const nodes: GraphNode[] = [{ name: 'input', type: 'input', shape: spec.input, inputs: [] }];
  const counters = new Map<string, number>();
  const names = new Set(['input']);
  let functional = false;

  spec.layers.forEach((rawLayer, i) => {
    const where = m('layerN', { n: i + 1 });
    const type = (rawLayer as { type?: unknown } | null)?.type;
    if (typeof type !== 'string' || !(SPEC_LAYER_TYPES as string[]).includes(type)) {
      const label = (rawLayer as { name?: unknown } | null)?.name;
      const named = typeof label === 'string' ? m('layerNNamed', { n: i + 1, name: label }) : where;
      errors.push(m('specType', { where: named, type: String(JSON.stringify(type)), allowed: SPEC_LAYER_TYPES.join(', ') }));
      return;
    }
    const parsed = ZLayerSpec.safeParse(rawLayer);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const option = issue.path.length ? issue.path.join('.') : m('theLayer');
        errors.push(m('specLayer', { where, type, problem: describeIssue(issue, option, valueAt(rawLayer, issue.path)) }));
      }
      return;
    }
    const l = parsed.data;
    const name = l.name ?? autoName(l.type, counters);
    if (names.has(name)) {
      errors.push(m('specNameTwice', { where, name }));
      return;
    }
    names.add(name);
    const inputs = l.inputs === undefined ? [nodes[nodes.length - 1]!.name] : typeof l.inputs === 'string' ? [l.inputs] : l.inputs;
    if (l.inputs !== undefined) functional = true;
    const layer = toGraphLayer(l, (problem) => errors.push(m('specLayerProblem', { where, name, type: l.type, problem })));
    if (layer) nodes.push({ ...layer, name, inputs } as GraphNode);
  });
  if (errors.length) return { ok: false, errors };
  const output = spec.output ?? nodes[nodes.length - 1]!.name;
  if (!names.has(output)) return { ok: false, errors: [m('specNoOutput', { name: output })] };
  return { ok: true, graph: { name: spec.name, nodes, output, functional, source: 'spec' } };
}

function autoName(type: string, counters: Map<string, number>): string {
  const n = counters.get(type) ?? 0;
  counters.set(type, n + 1);
  return n === 0 ? type : `${type}_${n}`;
}

function toGraphLayer(l: LayerSpec, fail: (problem: Text) => void): GraphLayer | undefined {
  const act = (v: string) => {
    const a = normalizeActivation(v);
    if (!a.ok) fail(a.reason);
    return a.ok ? a.value : 'linear';
  };
  switch (l.type) {
    case 'conv2d':
      return {
        type: 'conv2d',
        filters: l.filters,
        kernelSize: pair(l.kernel_size),
        strides: pair(l.strides),
        padding: l.padding,
        dilation: pair(l.dilation_rate),
        useBias: l.use_bias,
        activation: act(l.activation),
      };
    case 'depthwise_conv2d':
      return {
        type: 'depthwise_conv2d',
        kernelSize: pair(l.kernel_size),
        strides: pair(l.strides),
        padding: l.padding,
        dilation: pair(l.dilation_rate),
        depthMultiplier: l.depth_multiplier,
        useBias: l.use_bias,
        activation: act(l.activation),
      };
    case 'separable_conv2d':
      return {
        type: 'separable_conv2d',
        filters: l.filters,
        kernelSize: pair(l.kernel_size),
        strides: pair(l.strides),
        padding: l.padding,
        dilation: pair(l.dilation_rate),
        depthMultiplier: l.depth_multiplier,
        useBias: l.use_bias,
        activation: act(l.activation),
      };
    case 'max_pool2d':
    case 'average_pool2d':
      return { type: l.type, poolSize: pair(l.pool_size), strides: pair(l.strides ?? l.pool_size), padding: l.padding };
    case 'global_average_pool2d':
    case 'global_max_pool2d':
    case 'flatten':
    case 'add':
    case 'concatenate':
      return { type: l.type };
    case 'batch_normalization':
      return { type: 'batch_normalization', momentum: l.momentum, epsilon: l.epsilon, center: l.center, scale: l.scale, axis: -1 };
    case 'dropout':
      return { type: 'dropout', rate: l.rate };
    case 'reshape':
      return { type: 'reshape', targetShape: l.target_shape };
    case 'zero_padding2d':
      return { type: 'zero_padding2d', padding: [[l.padding, l.padding], [l.padding, l.padding]] };
    case 'dense':
      return { type: 'dense', units: l.units, useBias: l.use_bias, activation: act(l.activation) };
    case 'activation':
      return { type: 'activation', activation: act(l.activation) };
  }
}

import { normalizeActivation } from './activation';
import type { GraphLayer, GraphNode, ModelGraph, Pair, Padding } from './graph';
import { modelError as m, json } from './errors';
import type { Text } from '../i18n/message';

// Keras `model.to_json()` → graph, for Keras 3 and tf.keras 2, Sequential and
// Functional. The two differ in ways that matter here:
//   Keras 3:    {module, class_name, config, registered_name, build_config}; InputLayer
//               `batch_shape`; inbound_nodes [{args: [{class_name: "__keras_tensor__",
//               config: {keras_history: [layer, node, tensor]}}], kwargs}]; dtype may be a
//               DTypePolicy object.
//   tf.keras 2: {class_name, config}, keras_version "2.x"; InputLayer `batch_input_shape`
//               (also repeated on the first layer of a Sequential); inbound_nodes
//               [[[layer, node, tensor, kwargs], ...]]; the functional class is "Functional"
//               (TF ≥ 2.4) or "Model".
// Only a fixed set of built-in layers is accepted: a Lambda carries serialized Python
// bytecode and a custom class has no definition here, so both are refused by name.

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

const MODEL_CLASSES = new Set(['Sequential', 'Functional', 'Model']);

export function kerasToGraph(doc: unknown, source?: 'tfjs'): { ok: true; graph: ModelGraph } | { ok: false; errors: Text[] } {
  if (!isObj(doc) || typeof doc.class_name !== 'string' || !isObj(doc.config)) {
    return { ok: false, errors: [m('notKeras', { example: '{"class_name": ..., "config": {...}}' })] };
  }
  if (!MODEL_CLASSES.has(doc.class_name)) {
    return { ok: false, errors: [m('topClass', { cls: doc.class_name })] };
  }
  const config = doc.config;
  const layers = config.layers;
  if (!Array.isArray(layers) || layers.length === 0) return { ok: false, errors: [m('noLayers')] };
  const keras3 = isKeras3(doc);
  const name = typeof config.name === 'string' ? config.name : 'model';
  const graphSource = source ?? (keras3 ? 'keras3' : 'tf.keras2');
  return doc.class_name === 'Sequential'
    ? sequential(layers, config, doc, name, graphSource)
    : functional(layers, config, name, graphSource);
}

function isKeras3(doc: Json): boolean {
  // tf.keras 2.13+ also writes `module` on layers, so the version, when present, decides.
  if (typeof doc.keras_version === 'string') return doc.keras_version.startsWith('3');
  if ('module' in doc || 'registered_name' in doc) return true;
  const layers = (doc.config as Json).layers as unknown[];
  return layers.some((l) => isObj(l) && ('module' in l || (isObj(l.config) && 'batch_shape' in l.config)));
}

function sequential(layers: unknown[], config: Json, doc: Json, name: string, source: ModelGraph['source']) {
  const errors: Text[] = [];
  const nodes: GraphNode[] = [];
  let inputShape: unknown;
  let rest = layers;
  const first = layers[0];
  if (isObj(first) && first.class_name === 'InputLayer') {
    inputShape = batchShape(first.config);
    rest = layers.slice(1);
  } else if (isObj(first) && isObj(first.config)) {
    inputShape = first.config.batch_input_shape ?? first.config.batch_shape;
  }
  inputShape ??= config.build_input_shape ?? (isObj(doc.build_config) ? doc.build_config.input_shape : undefined);
  const shape = dropBatch(inputShape);
  if (!shape) {
    return { ok: false as const, errors: [m('noInputShape')] };
  }
  const inputName = isObj(first) && first.class_name === 'InputLayer' ? layerName(first, 0) : 'input_layer';
  nodes.push({ name: inputName, type: 'input', shape, inputs: [] });
  rest.forEach((raw, i) => {
    const converted = convertLayer(raw, i + 1, errors);
    if (converted) nodes.push({ ...converted.layer, name: converted.name, inputs: [nodes[nodes.length - 1]!.name] } as GraphNode);
  });
  if (errors.length) return { ok: false as const, errors };
  return { ok: true as const, graph: { name, nodes, output: nodes[nodes.length - 1]!.name, functional: false, source } };
}

function functional(layers: unknown[], config: Json, name: string, source: ModelGraph['source']) {
  const errors: Text[] = [];
  const inputs = tensorRefs(config.input_layers);
  const outputs = tensorRefs(config.output_layers);
  if (inputs.length !== 1) errors.push(m('oneInput', { n: inputs.length }));
  if (outputs.length !== 1) errors.push(m('oneOutput', { n: outputs.length }));
  if (errors.length) return { ok: false as const, errors };

  const nodes: GraphNode[] = [];
  layers.forEach((raw, i) => {
    if (!isObj(raw)) {
      errors.push(m('layerNotObject', { n: i + 1 }));
      return;
    }
    const lname = layerName(raw, i);
    const calls = Array.isArray(raw.inbound_nodes) ? raw.inbound_nodes : [];
    if (raw.class_name === 'InputLayer') {
      const shape = dropBatch(batchShape(raw.config));
      if (!shape) errors.push(m('layer', { name: lname, cls: 'InputLayer', problem: m('noShape') }));
      else nodes.push({ name: lname, type: 'input', shape, inputs: [] });
      return;
    }
    if (calls.length > 1) {
      errors.push(m('layer', { name: lname, cls: String(raw.class_name), problem: m('shared', { n: calls.length }) }));
      return;
    }
    const converted = convertLayer(raw, i, errors);
    if (!converted) return;
    const parents = calls.length === 1 ? inboundNames(calls[0]) : [];
    if (parents.length === 0) errors.push(m('layer', { name: lname, cls: String(raw.class_name), problem: m('notConnected') }));
    nodes.push({ ...converted.layer, name: converted.name, inputs: parents } as GraphNode);
  });
  if (errors.length) return { ok: false as const, errors };
  const inputNode = nodes.find((n) => n.name === inputs[0]);
  if (!inputNode || inputNode.type !== 'input') return { ok: false as const, errors: [m('inputNotFound', { name: String(inputs[0]) })] };
  if (nodes.filter((n) => n.type === 'input').length !== 1) return { ok: false as const, errors: [m('oneInputLayer')] };
  return { ok: true as const, graph: { name, nodes, output: outputs[0]!, functional: true, source } };
}

function layerName(raw: Json, index: number): string {
  if (typeof raw.name === 'string') return raw.name;
  if (isObj(raw.config) && typeof raw.config.name === 'string') return raw.config.name;
  return `layer_${index}`;
}

function batchShape(config: unknown): unknown {
  if (!isObj(config)) return undefined;
  return config.batch_shape ?? config.batch_input_shape ?? (config.shape ? [null, ...(config.shape as unknown[])] : undefined);
}

/** [null, 28, 28, 1] → [28, 28, 1]; also unwraps the {"class_name": "TensorShape", "items": [...]} form. */
function dropBatch(shape: unknown): number[] | undefined {
  if (isObj(shape) && Array.isArray(shape.items)) shape = shape.items;
  if (!Array.isArray(shape) || shape.length < 2) return undefined;
  const dims = shape.slice(1);
  if (!dims.every((d) => Number.isInteger(d) && (d as number) > 0)) return undefined;
  return dims as number[];
}

/** input_layers / output_layers: [["name", 0, 0]] or, in Keras 3 with a bare tensor, ["name", 0, 0]. */
function tensorRefs(v: unknown): string[] {
  if (!Array.isArray(v)) return [];
  if (typeof v[0] === 'string') return [v[0]];
  return v.filter((r): r is unknown[] => Array.isArray(r) && typeof r[0] === 'string').map((r) => r[0] as string);
}

/** Names of the layers feeding one call, in either inbound-node format. */
function inboundNames(call: unknown): string[] {
  const out: string[] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) {
      if (typeof v[0] === 'string' && typeof v[1] === 'number') out.push(v[0]);
      else v.forEach(walk);
    } else if (isObj(v)) {
      if (v.class_name === '__keras_tensor__' && isObj(v.config) && Array.isArray(v.config.keras_history)) {
        out.push(String(v.config.keras_history[0]));
      } else if ('args' in v) {
        walk(v.args);
      }
    }
  };
  walk(call);
  return out;
}

const SUPPORTED = [
  'InputLayer',
  'Conv2D',
  'DepthwiseConv2D',
  'SeparableConv2D',
  'MaxPooling2D',
  'AveragePooling2D',
  'GlobalAveragePooling2D',
  'GlobalMaxPooling2D',
  'BatchNormalization',
  'Dropout',
  'Flatten',
  'Reshape',
  'ZeroPadding2D',
  'Dense',
  'Activation',
  'ReLU',
  'Softmax',
  'Add',
  'Concatenate',
];
const CLASS_ALIASES: Record<string, string> = {
  Convolution2D: 'Conv2D',
  MaxPool2D: 'MaxPooling2D',
  AvgPool2D: 'AveragePooling2D',
  GlobalAvgPool2D: 'GlobalAveragePooling2D',
  GlobalMaxPool2D: 'GlobalMaxPooling2D',
  SeparableConvolution2D: 'SeparableConv2D',
};

function convertLayer(raw: unknown, index: number, errors: Text[]): { name: string; layer: GraphLayer } | undefined {
  if (!isObj(raw) || typeof raw.class_name !== 'string') {
    errors.push(m('notLayerObject', { n: index + 1 }));
    return;
  }
  const name = layerName(raw, index);
  const cls = CLASS_ALIASES[raw.class_name] ?? raw.class_name;
  const fail = (problem: Text) => {
    errors.push(m('layer', { name, cls: String(raw.class_name), problem }));
    return undefined;
  };
  if (cls === 'Lambda') {
    return fail(m('lambda'));
  }
  if (MODEL_CLASSES.has(cls)) return fail(m('nested'));
  const module = typeof raw.module === 'string' ? raw.module : undefined;
  const registered = typeof raw.registered_name === 'string' ? raw.registered_name : undefined;
  const custom = (module !== undefined && !module.startsWith('keras')) || (registered !== undefined && registered !== raw.class_name);
  if (custom) {
    return fail(m('customLayer', { module: json(module ?? null), registered: json(registered ?? null) }));
  }
  if (!SUPPORTED.includes(cls)) {
    return fail(m('unsupportedClass', { cls: raw.class_name, allowed: SUPPORTED.join(', ') }));
  }
  const c = isObj(raw.config) ? raw.config : {};
  const local: Text[] = [];
  const layer = fromConfig(cls, c, local);
  for (const m of local) fail(m);
  return local.length || !layer ? undefined : { name, layer };
}

function fromConfig(cls: string, c: Json, errs: Text[]): GraphLayer | undefined {
  const int = (key: string, fallback?: number): number => {
    const v = c[key] ?? fallback;
    if (!Number.isInteger(v) || (v as number) <= 0) errs.push(m('positiveInt', { key, got: json(v) }));
    return v as number;
  };
  const pair = (key: string, fallback?: number | Pair): Pair => {
    const v = c[key] ?? fallback;
    const p: unknown[] = typeof v === 'number' ? [v, v] : Array.isArray(v) ? (v.length === 1 ? [v[0], v[0]] : v) : [];
    if (p.length !== 2 || !p.every((x) => Number.isInteger(x) && (x as number) > 0)) {
      errs.push(m('intPair', { key, got: json(v) }));
      return [1, 1];
    }
    return p as Pair;
  };
  const padding = (): Padding => {
    const v = String(c.padding ?? 'valid').toLowerCase();
    if (v !== 'valid' && v !== 'same') errs.push(m('padding', { value: v }));
    return v as Padding;
  };
  const bool = (key: string, fallback: boolean): boolean => (typeof c[key] === 'boolean' ? (c[key] as boolean) : fallback);
  const act = (key = 'activation') => {
    const a = normalizeActivation(c[key]);
    if (!a.ok) errs.push(a.reason);
    return a.ok ? a.value : 'linear';
  };
  const channelsLast = () => {
    if (c.data_format != null && c.data_format !== 'channels_last') errs.push(m('dataFormat', { value: String(c.data_format) }));
  };
  const noExtras = (...keys: string[]) => {
    for (const k of keys) if (c[k] != null) errs.push(m('notSupported', { option: k }));
  };
  const regs = ['kernel_regularizer', 'bias_regularizer', 'activity_regularizer', 'kernel_constraint', 'bias_constraint'];

  switch (cls) {
    case 'Conv2D':
      channelsLast();
      noExtras(...regs);
      if (c.groups != null && c.groups !== 1) errs.push(m('groups'));
      return {
        type: 'conv2d',
        filters: int('filters'),
        kernelSize: pair('kernel_size'),
        strides: pair('strides', 1),
        padding: padding(),
        dilation: pair('dilation_rate', 1),
        useBias: bool('use_bias', true),
        activation: act(),
      };
    case 'DepthwiseConv2D':
      channelsLast();
      noExtras('depthwise_regularizer', 'depthwise_constraint', ...regs.slice(1));
      return {
        type: 'depthwise_conv2d',
        kernelSize: pair('kernel_size'),
        strides: pair('strides', 1),
        padding: padding(),
        dilation: pair('dilation_rate', 1),
        depthMultiplier: int('depth_multiplier', 1),
        useBias: bool('use_bias', true),
        activation: act(),
      };
    case 'SeparableConv2D':
      channelsLast();
      noExtras('depthwise_regularizer', 'pointwise_regularizer', 'depthwise_constraint', 'pointwise_constraint', ...regs.slice(1));
      return {
        type: 'separable_conv2d',
        filters: int('filters'),
        kernelSize: pair('kernel_size'),
        strides: pair('strides', 1),
        padding: padding(),
        dilation: pair('dilation_rate', 1),
        depthMultiplier: int('depth_multiplier', 1),
        useBias: bool('use_bias', true),
        activation: act(),
      };
    case 'MaxPooling2D':
    case 'AveragePooling2D': {
      channelsLast();
      const poolSize = pair('pool_size', 2);
      return {
        type: cls === 'MaxPooling2D' ? 'max_pool2d' : 'average_pool2d',
        poolSize,
        strides: c.strides == null ? poolSize : pair('strides'),
        padding: padding(),
      };
    }
    case 'GlobalAveragePooling2D':
    case 'GlobalMaxPooling2D':
      channelsLast();
      if (c.keepdims === true) errs.push(m('notSupported', { option: 'keepdims=True' }));
      return { type: cls === 'GlobalAveragePooling2D' ? 'global_average_pool2d' : 'global_max_pool2d' };
    case 'BatchNormalization': {
      const axis = Array.isArray(c.axis) && c.axis.length === 1 ? c.axis[0] : (c.axis ?? -1);
      if (!Number.isInteger(axis)) errs.push(m('axis', { axis: json(c.axis) }));
      noExtras('beta_regularizer', 'gamma_regularizer', 'beta_constraint', 'gamma_constraint');
      if (c.renorm === true) errs.push(m('notSupported', { option: 'renorm' }));
      return {
        type: 'batch_normalization',
        momentum: typeof c.momentum === 'number' ? c.momentum : 0.99,
        epsilon: typeof c.epsilon === 'number' ? c.epsilon : 0.001,
        center: bool('center', true),
        scale: bool('scale', true),
        axis: axis as number,
      };
    }
    case 'Dropout': {
      const rate = c.rate;
      if (typeof rate !== 'number' || rate < 0 || rate >= 1) errs.push(m('rate', { got: json(rate) }));
      if (c.noise_shape != null) errs.push(m('notSupported', { option: 'noise_shape' }));
      return { type: 'dropout', rate: rate as number };
    }
    case 'Flatten':
      channelsLast();
      return { type: 'flatten' };
    case 'Reshape': {
      const t = c.target_shape;
      if (!Array.isArray(t) || t.length === 0 || t.length > 3 || !t.every((d) => Number.isInteger(d) && d > 0)) {
        errs.push(m('targetShape', { got: json(t) }));
        return undefined;
      }
      return { type: 'reshape', targetShape: t as number[] };
    }
    case 'ZeroPadding2D': {
      channelsLast();
      const p = c.padding ?? 1;
      const asPair = (v: unknown): Pair | undefined =>
        typeof v === 'number' ? [v, v] : Array.isArray(v) && v.length === 2 && v.every((x) => Number.isInteger(x) && x >= 0) ? (v as Pair) : undefined;
      let padding: [Pair, Pair] | undefined;
      if (typeof p === 'number' && Number.isInteger(p) && p >= 0) padding = [[p, p], [p, p]];
      else if (Array.isArray(p) && p.length === 2) {
        const a = asPair(p[0]);
        const b = asPair(p[1]);
        if (a && b) padding = typeof p[0] === 'number' ? [[p[0], p[0]], [p[1] as number, p[1] as number]] : [a, b];
      }
      if (!padding) {
        errs.push(m('zeroPadding', { got: json(p) }));
        return undefined;
      }
      return { type: 'zero_padding2d', padding };
    }
    case 'Dense':
      noExtras(...regs);
      return { type: 'dense', units: int('units'), useBias: bool('use_bias', true), activation: act() };
    case 'Activation':
      return { type: 'activation', activation: act() };
    case 'ReLU': {
      const max = c.max_value;
      const slope = c.negative_slope ?? 0;
      const threshold = c.threshold ?? 0;
      if (slope !== 0 || threshold !== 0) errs.push(m('reluOptions'));
      if (max != null && max !== 6) errs.push(m('maxValue'));
      return { type: 'activation', activation: max === 6 ? 'relu6' : 'relu' };
    }
    case 'Softmax':
      if (c.axis != null && c.axis !== -1 && !(Array.isArray(c.axis) && c.axis.length === 1 && c.axis[0] === -1)) {
        errs.push(m('softmaxAxis'));
      }
      return { type: 'activation', activation: 'softmax' };
    case 'Add':
      return { type: 'add' };
    case 'Concatenate':
      if (c.axis != null && c.axis !== -1) errs.push(m('concatAxis'));
      return { type: 'concatenate' };
  }
  errs.push(m('notSupported', { option: cls }));
  return undefined;
}

import {
  batchNormParams,
  conv2dOutputShape,
  conv2dParams,
  denseParams,
  depthwiseConv2dOutputShape,
  depthwiseConv2dParams,
  pool2dOutputShape,
  separableConv2dOutputShape,
  separableConv2dParams,
} from '../cnn';
import { ACCEPTED_INPUT_SHAPES, KERAS_CLASS, NUM_CLASSES, type GraphNode, type ModelGraph } from './graph';
import type { ModelSummary, SummaryRow } from './summary';
import { andList, modelError as m } from './errors';
import type { Text } from '../i18n/message';

// Shape inference and parameter counting over a normalized graph, plus the
// checks that make a model acceptable for the MNIST challenge. Every error
// names the layer and says why.

export interface ModelLimits {
  maxParams: number;
  maxLayers: number;
}
export const DEFAULT_LIMITS: ModelLimits = { maxParams: 1_000_000, maxLayers: 100 };

type Result = { ok: true; graph: ModelGraph; summary: ModelSummary } | { ok: false; errors: Text[] };

/**
 * `mnist: false` skips the challenge's input/output rules (shape and parameter arithmetic only).
 * `runtime` adds what the worker's TensorFlow.js can do with the model: 'train' for specs and
 * Keras JSON (the worker trains them), 'evaluate' for uploaded tfjs weights (forward pass only).
 */
export function analyzeGraph(
  graph: ModelGraph,
  limits: ModelLimits = DEFAULT_LIMITS,
  options: { mnist?: boolean; runtime?: 'train' | 'evaluate' } = {},
): Result {
  const mnist = options.mnist ?? true;
  const layerCount = graph.nodes.length - 1;
  if (layerCount > limits.maxLayers) {
    return { ok: false, errors: [m('tooManyLayers', { count: layerCount, limit: limits.maxLayers })] };
  }
  const ordered = topoSort(graph);
  if (!ordered.ok) return ordered;
  const nodes = ordered.nodes;
  const errors: Text[] = [];

  const input = nodes[0]!;
  if (input.type !== 'input') return { ok: false, errors: [m('noInputLayer')] };
  if (mnist && !ACCEPTED_INPUT_SHAPES.some((s) => sameShape(s, input.shape))) {
    errors.push(m('inputShape', { name: input.name, shape: show(input.shape) }));
    return { ok: false, errors };
  }

  const shapes = new Map<string, number[]>();
  const rows: SummaryRow[] = [];
  let total = 0;
  let trainable = 0;
  for (const node of nodes) {
    const ins = node.inputs.map((n) => shapes.get(n)!);
    const fail = (problem: Text) => errors.push(m('layer', { name: node.name, cls: KERAS_CLASS[node.type], problem }));
    const r = inferNode(node, ins, fail);
    if (!r) break; // later shapes would only repeat the same error
    if (options.runtime) checkRuntime(node, options.runtime, fail);
    shapes.set(node.name, r.shape);
    rows.push({
      name: node.name,
      type: KERAS_CLASS[node.type],
      outputShape: r.shape,
      params: r.params,
      trainableParams: r.trainable,
      inputs: node.inputs,
    });
    total += r.params;
    trainable += r.trainable;
  }
  if (errors.length) return { ok: false, errors };

  const out = nodes.find((n) => n.name === graph.output)!;
  const outShape = shapes.get(out.name)!;
  if (mnist && !sameShape(outShape, [NUM_CLASSES])) {
    errors.push(m('outputShape', { name: out.name, shape: show(outShape), classes: NUM_CLASSES }));
  }
  const softmax = (out.type === 'dense' || out.type === 'activation' || out.type.endsWith('conv2d')) && 'activation' in out && out.activation === 'softmax';
  if (mnist && !softmax) errors.push(m('softmaxLast', { name: out.name }));
  if (total > limits.maxParams) {
    errors.push(m('tooManyParams', { count: total, limit: limits.maxParams }));
  }
  if (errors.length) return { ok: false, errors };
  const summary: ModelSummary = {
    name: graph.name,
    rows,
    totalParams: total,
    trainableParams: trainable,
    nonTrainableParams: total - trainable,
    inputShape: input.shape,
    outputShape: outShape,
    layerCount,
    functional: graph.functional,
  };
  // Validated above: a Keras 2 axis such as [3] is the channel axis, the same as -1.
  const normalized = nodes.map((n) => (n.type === 'batch_normalization' ? { ...n, axis: -1 } : n));
  return { ok: true, graph: { ...graph, nodes: normalized }, summary };
}

/** Kahn's algorithm keeping the source order; also rejects dangling references and dead branches. */
function topoSort(graph: ModelGraph): { ok: true; nodes: GraphNode[] } | { ok: false; errors: Text[] } {
  const errors: Text[] = [];
  const byName = new Map<string, GraphNode>();
  for (const n of graph.nodes) {
    if (byName.has(n.name)) errors.push(m('nameTwice', { name: n.name }));
    byName.set(n.name, n);
  }
  for (const n of graph.nodes) {
    for (const i of n.inputs) if (!byName.has(i)) errors.push(m('missingInput', { name: n.name, input: i }));
  }
  if (!byName.has(graph.output)) errors.push(m('missingOutput', { name: graph.output }));
  if (graph.nodes.filter((n) => n.type === 'input').length !== 1) errors.push(m('oneInputOnly'));
  if (errors.length) return { ok: false, errors };

  const pending = new Map(graph.nodes.map((n) => [n.name, new Set(n.inputs).size]));
  const children = new Map<string, string[]>();
  for (const n of graph.nodes) for (const i of new Set(n.inputs)) children.set(i, [...(children.get(i) ?? []), n.name]);
  const position = new Map(graph.nodes.map((n, i) => [n.name, i]));
  const ready = graph.nodes.filter((n) => n.inputs.length === 0).map((n) => n.name);
  const order: GraphNode[] = [];
  while (ready.length) {
    ready.sort((a, b) => position.get(a)! - position.get(b)!);
    const name = ready.shift()!;
    order.push(byName.get(name)!);
    for (const c of children.get(name) ?? []) {
      const left = pending.get(c)! - 1;
      pending.set(c, left);
      if (left === 0) ready.push(c);
    }
  }
  if (order.length !== graph.nodes.length) {
    const stuck = graph.nodes.filter((n) => !order.includes(n)).map((n) => n.name);
    return { ok: false, errors: [m('cycle', { names: stuck.slice(0, 5).join(', ') })] };
  }
  if (order[0]!.type !== 'input') {
    return { ok: false, errors: [m('noInputs', { name: order[0]!.name })] };
  }
  // Every layer must contribute to the output, or its parameters would be counted but never trained.
  const live = new Set<string>();
  const stack = [graph.output];
  while (stack.length) {
    const n = stack.pop()!;
    if (live.has(n)) continue;
    live.add(n);
    stack.push(...byName.get(n)!.inputs);
  }
  const dead = order.filter((n) => !live.has(n.name));
  if (dead.length) {
    return { ok: false, errors: dead.slice(0, 5).map((n) => m('deadBranch', { name: n.name, output: graph.output })) };
  }
  return { ok: true, nodes: order };
}

/**
 * Combinations that pass the Keras arithmetic but that TensorFlow.js cannot run as
 * designed. Caught here, before queueing, because in the worker they would only
 * surface inside the first training step.
 */
function checkRuntime(node: GraphNode, runtime: 'train' | 'evaluate', fail: (problem: Text) => void): void {
  if (node.type !== 'conv2d' && node.type !== 'depthwise_conv2d' && node.type !== 'separable_conv2d') return;
  if (!node.dilation.some((d) => d > 1)) return;
  const rate = node.dilation.join(', ');
  if (node.type === 'depthwise_conv2d') {
    // tfjs-layers' DepthwiseConv2D drops the dilation in call() and computeOutputShape(),
    // so it would silently train and score a different model from the one summarized.
    fail(m('depthwiseDilation', { rate }));
  } else if (runtime === 'train') {
    fail(m('dilationTrain', { rate }));
  }
}

interface Inferred {
  shape: number[];
  params: number;
  trainable: number;
}

function inferNode(node: GraphNode, ins: number[][], fail: (problem: Text) => void): Inferred | undefined {
  const plain = (shape: number[], params = 0): Inferred => ({ shape, params, trainable: params });
  if (node.type === 'input') return plain(node.shape);
  if (node.type === 'add' || node.type === 'concatenate') {
    if (ins.length < 2) return void fail(m('needsTwo', { n: ins.length }));
    if (node.type === 'add') {
      if (!ins.every((s) => sameShape(s, ins[0]!))) return void fail(m('sameShape', { shapes: andList(ins.map(show)) }));
      return plain(ins[0]!);
    }
    const lead = ins[0]!.slice(0, -1);
    if (!ins.every((s) => s.length === ins[0]!.length && sameShape(s.slice(0, -1), lead))) {
      return void fail(m('agreeAxes', { shapes: andList(ins.map(show)) }));
    }
    return plain([...lead, ins.reduce((sum, s) => sum + s[s.length - 1]!, 0)]);
  }
  if (ins.length !== 1) return void fail(m('oneInputOnlyGot', { n: ins.length }));
  const x = ins[0]!;
  const image = (): [number, number, number] | undefined => {
    if (x.length !== 3) {
      fail(m('needs3d', { shape: show(x) }));
      return undefined;
    }
    return x as [number, number, number];
  };

  switch (node.type) {
    case 'conv2d':
    case 'depthwise_conv2d':
    case 'separable_conv2d': {
      const img = image();
      if (!img) return;
      if (node.dilation.some((d) => d > 1) && node.strides.some((s) => s > 1)) {
        return void fail(m('stridesDilation'));
      }
      // The numeric exercises' arithmetic (lib/cnn), so the form and the exercises always agree.
      const geometry = { inputShape: img, kernelSize: node.kernelSize, strides: node.strides, padding: node.padding, dilation: node.dilation };
      const fits = () => m('kernelFit', { kernel: node.kernelSize.join('×'), input: img.join('×'), padding: node.padding });
      try {
        if (node.type === 'conv2d') {
          return plain(
            conv2dOutputShape({ ...geometry, filters: node.filters }),
            conv2dParams({ kernelSize: node.kernelSize, inputChannels: img[2], filters: node.filters, useBias: node.useBias }),
          );
        }
        const dm = { depthMultiplier: node.depthMultiplier };
        if (node.type === 'depthwise_conv2d') {
          return plain(
            depthwiseConv2dOutputShape({ ...geometry, ...dm }),
            depthwiseConv2dParams({ kernelSize: node.kernelSize, inputChannels: img[2], ...dm, useBias: node.useBias }),
          );
        }
        return plain(
          separableConv2dOutputShape({ ...geometry, ...dm, filters: node.filters }),
          separableConv2dParams({ kernelSize: node.kernelSize, inputChannels: img[2], ...dm, filters: node.filters, useBias: node.useBias }),
        );
      } catch (e) {
        return void fail(e instanceof RangeError ? fits() : String(e));
      }
    }
    case 'max_pool2d':
    case 'average_pool2d': {
      const img = image();
      if (!img) return;
      try {
        return plain(pool2dOutputShape({ inputShape: img, poolSize: node.poolSize, strides: node.strides, padding: node.padding }));
      } catch {
        return void fail(m('poolFit', { pool: node.poolSize.join('×'), input: img.join('×') }));
      }
    }
    case 'global_average_pool2d':
    case 'global_max_pool2d': {
      const img = image();
      return img && plain([img[2]]);
    }
    case 'zero_padding2d': {
      const img = image();
      if (!img) return;
      const [[t, b], [l, r]] = node.padding;
      return plain([img[0] + t + b, img[1] + l + r, img[2]]);
    }
    case 'batch_normalization': {
      if (node.axis !== -1 && node.axis !== x.length) {
        return void fail(m('bnAxis', { axis: node.axis, shape: show(x) }));
      }
      const p = batchNormParams(x[x.length - 1]!);
      // lib/cnn counts γ and β; a layer with center=False or scale=False drops β or γ.
      const trainable = (p.trainable / 2) * (Number(node.center) + Number(node.scale));
      return { shape: x, params: trainable + p.nonTrainable, trainable };
    }
    case 'dropout':
    case 'activation':
      return plain(x);
    case 'flatten':
      return plain([product(x)]);
    case 'reshape':
      if (product(node.targetShape) !== product(x)) {
        return void fail(m('reshape', { from: show(x), fromCount: product(x), to: show(node.targetShape), toCount: product(node.targetShape) }));
      }
      return plain(node.targetShape);
    case 'dense':
      return plain([...x.slice(0, -1), node.units], denseParams({ inputUnits: x[x.length - 1]!, units: node.units, useBias: node.useBias }));
  }
}

function product(s: number[]): number {
  return s.reduce((a, b) => a * b, 1);
}
function sameShape(a: number[], b: number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}
function show(s: number[]): string {
  return `(${s.join(', ')}${s.length === 1 ? ',' : ''})`;
}

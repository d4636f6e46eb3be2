import type * as tfjs from '@tensorflow/tfjs';
import type { Activation, GraphNode, ModelGraph } from '../../lib/model';
import type { Tf } from './backend';
import { useFusedCall } from './kernels/fused-layers';

// Normalized graph → a fresh tf.LayersModel. A factory: every job builds its
// own model and disposes it, so nothing leaks between jobs in a long-lived
// worker. Initializers are seeded from the layer's position so two runs of the
// same submission on the cpu backend start from the same weights.

const TFJS_ACTIVATION: Record<Activation, tfjs.serialization.ConfigDictValue> = {
  linear: 'linear',
  relu: 'relu',
  relu6: 'relu6',
  elu: 'elu',
  selu: 'selu',
  sigmoid: 'sigmoid',
  hard_sigmoid: 'hardSigmoid',
  tanh: 'tanh',
  softmax: 'softmax',
  softplus: 'softplus',
  softsign: 'softsign',
  swish: 'swish',
  gelu: 'gelu',
  mish: 'mish',
};

type AnyActivation = NonNullable<Parameters<typeof tfjs.layers.dense>[0]['activation']>;

export function buildModel(tf: Tf, graph: ModelGraph, seed = 1234): tfjs.LayersModel {
  const outputs = new Map<string, tfjs.SymbolicTensor>();
  let input: tfjs.SymbolicTensor | undefined;
  graph.nodes.forEach((node, index) => {
    if (node.type === 'input') {
      input = tf.input({ shape: node.shape, name: node.name });
      outputs.set(node.name, input);
      return;
    }
    const layer = makeLayer(tf, node, seed + 7919 * (index + 1));
    const ins = node.inputs.map((n) => outputs.get(n)!);
    const out = layer.apply(ins.length === 1 ? ins[0]! : ins) as tfjs.SymbolicTensor;
    outputs.set(node.name, out);
  });
  return tf.model({ inputs: input!, outputs: outputs.get(graph.output)!, name: graph.name.replace(/[^A-Za-z0-9_.-]/g, '_') || 'model' });
}

function makeLayer(tf: Tf, node: GraphNode, seed: number): tfjs.layers.Layer {
  const name = node.name;
  const glorot = (offset = 0) => tf.initializers.glorotUniform({ seed: seed + offset });
  const act = (a: Activation) => TFJS_ACTIVATION[a] as AnyActivation;
  switch (node.type) {
    case 'conv2d':
      return fused(tf, 'conv2d', tf.layers.conv2d({
        name,
        filters: node.filters,
        kernelSize: node.kernelSize,
        strides: node.strides,
        padding: node.padding,
        dilationRate: node.dilation,
        useBias: node.useBias,
        activation: act(node.activation),
        kernelInitializer: glorot(),
      }));
    case 'depthwise_conv2d':
      return tf.layers.depthwiseConv2d({
        name,
        kernelSize: node.kernelSize,
        strides: node.strides,
        padding: node.padding,
        dilationRate: node.dilation,
        depthMultiplier: node.depthMultiplier,
        useBias: node.useBias,
        activation: act(node.activation),
        depthwiseInitializer: glorot(),
      });
    case 'separable_conv2d':
      return tf.layers.separableConv2d({
        name,
        filters: node.filters,
        kernelSize: node.kernelSize,
        strides: node.strides,
        padding: node.padding,
        dilationRate: node.dilation,
        depthMultiplier: node.depthMultiplier,
        useBias: node.useBias,
        activation: act(node.activation),
        depthwiseInitializer: glorot(),
        pointwiseInitializer: glorot(1),
      });
    case 'max_pool2d':
      return tf.layers.maxPooling2d({ name, poolSize: node.poolSize, strides: node.strides, padding: node.padding });
    case 'average_pool2d':
      return tf.layers.averagePooling2d({ name, poolSize: node.poolSize, strides: node.strides, padding: node.padding });
    case 'global_average_pool2d':
      return tf.layers.globalAveragePooling2d({ name });
    case 'global_max_pool2d':
      return tf.layers.globalMaxPooling2d({ name });
    case 'batch_normalization':
      return tf.layers.batchNormalization({ name, momentum: node.momentum, epsilon: node.epsilon, center: node.center, scale: node.scale, axis: -1 });
    case 'dropout':
      return tf.layers.dropout({ name, rate: node.rate, seed });
    case 'flatten':
      return tf.layers.flatten({ name });
    case 'reshape':
      return tf.layers.reshape({ name, targetShape: node.targetShape });
    case 'zero_padding2d':
      return tf.layers.zeroPadding2d({ name, padding: node.padding });
    case 'dense':
      return fused(tf, 'dense', tf.layers.dense({ name, units: node.units, useBias: node.useBias, activation: act(node.activation), kernelInitializer: glorot() }));
    case 'activation':
      return tf.layers.activation({ name, activation: act(node.activation) });
    case 'add':
      return tf.layers.add({ name });
    case 'concatenate':
      return tf.layers.concatenate({ name, axis: -1 });
    case 'input':
      throw new Error('input handled by buildModel');
  }
}

/** On the cpu backend with the native kernels, conv and dense layers run as one fused kernel (see kernels/fused-layers.ts). */
function fused(tf: Tf, kind: 'conv2d' | 'dense', layer: tfjs.layers.Layer): tfjs.layers.Layer {
  useFusedCall(tf, layer, kind);
  return layer;
}

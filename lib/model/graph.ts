// The one normalized model graph every submission format converts into: the
// summary, the validator and the tfjs builder only ever see this shape, so a
// Keras 3 model, a tf.keras 2 model and a layer spec behave identically.

export const ACTIVATIONS = [
  'linear',
  'relu',
  'relu6',
  'elu',
  'selu',
  'sigmoid',
  'hard_sigmoid',
  'tanh',
  'softmax',
  'softplus',
  'softsign',
  'swish',
  'gelu',
  'mish',
] as const;
export type Activation = (typeof ACTIVATIONS)[number];

export type Pair = [number, number];
export type Padding = 'valid' | 'same';

export type GraphLayer =
  | { type: 'input'; shape: number[] }
  | {
      type: 'conv2d';
      filters: number;
      kernelSize: Pair;
      strides: Pair;
      padding: Padding;
      dilation: Pair;
      useBias: boolean;
      activation: Activation;
    }
  | {
      type: 'depthwise_conv2d';
      kernelSize: Pair;
      strides: Pair;
      padding: Padding;
      dilation: Pair;
      depthMultiplier: number;
      useBias: boolean;
      activation: Activation;
    }
  | {
      type: 'separable_conv2d';
      filters: number;
      kernelSize: Pair;
      strides: Pair;
      padding: Padding;
      dilation: Pair;
      depthMultiplier: number;
      useBias: boolean;
      activation: Activation;
    }
  | { type: 'max_pool2d' | 'average_pool2d'; poolSize: Pair; strides: Pair; padding: Padding }
  | { type: 'global_average_pool2d' | 'global_max_pool2d' }
  | {
      type: 'batch_normalization';
      momentum: number;
      epsilon: number;
      center: boolean;
      scale: boolean;
      /** Keras axis counting the batch dimension; -1 = channels (the only one supported) */
      axis: number;
    }
  | { type: 'dropout'; rate: number }
  | { type: 'flatten' }
  | { type: 'reshape'; targetShape: number[] }
  | { type: 'zero_padding2d'; padding: [Pair, Pair] }
  | { type: 'dense'; units: number; useBias: boolean; activation: Activation }
  | { type: 'activation'; activation: Activation }
  | { type: 'add' }
  | { type: 'concatenate' };

export type LayerType = GraphLayer['type'];

export type GraphNode = GraphLayer & {
  name: string;
  /** names of the nodes feeding this one; empty only for the input */
  inputs: string[];
};

export interface ModelGraph {
  /** model name as the source called it (Keras prints it above the summary) */
  name: string;
  /** topologically ordered; nodes[0] is the single input */
  nodes: GraphNode[];
  /** name of the node whose output is the model's output */
  output: string;
  /** true for Keras Functional models and specs with merges: the summary then lists inputs */
  functional: boolean;
  source: 'keras3' | 'tf.keras2' | 'spec' | 'tfjs';
}

/** Keras class names, for the summary's "(type)" column. */
export const KERAS_CLASS: Record<LayerType, string> = {
  input: 'InputLayer',
  conv2d: 'Conv2D',
  depthwise_conv2d: 'DepthwiseConv2D',
  separable_conv2d: 'SeparableConv2D',
  max_pool2d: 'MaxPooling2D',
  average_pool2d: 'AveragePooling2D',
  global_average_pool2d: 'GlobalAveragePooling2D',
  global_max_pool2d: 'GlobalMaxPooling2D',
  batch_normalization: 'BatchNormalization',
  dropout: 'Dropout',
  flatten: 'Flatten',
  reshape: 'Reshape',
  zero_padding2d: 'ZeroPadding2D',
  dense: 'Dense',
  activation: 'Activation',
  add: 'Add',
  concatenate: 'Concatenate',
};

/** What the model must accept: one MNIST image, as 28×28×1, 28×28 or 784 flat. */
export const ACCEPTED_INPUT_SHAPES: number[][] = [[28, 28, 1], [28, 28], [784]];
export const NUM_CLASSES = 10;

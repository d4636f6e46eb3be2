import { conv2dOutputShape, conv2dParams, type Padding2d, type Shape3 } from './conv';
import { convDivisionIsExact } from './output-length';
import { pool2dOutputShape } from './pool';
import { denseParams, flattenLength } from './dense';

// Layer tables of classic networks, as printed in Hands-On Machine Learning
// (Tables 14-1 and 14-2), which the course notes reproduce. Shapes are channels-last.

export type LayerSpec =
  | { name: string; type: 'conv'; filters: number; kernelSize: number; stride: number; padding: Padding2d; activation: string }
  | { name: string; type: 'avgpool' | 'maxpool'; poolSize: number; stride: number; padding: Padding2d; activation?: string }
  | { name: string; type: 'dense'; units: number; activation: string };

export interface Architecture {
  id: 'lenet5' | 'alexnet';
  title: string;
  defaultInput: Shape3;
  layers: LayerSpec[];
}

export const LENET5: Architecture = {
  id: 'lenet5',
  title: 'LeNet-5',
  defaultInput: [32, 32, 1],
  layers: [
    { name: 'C1', type: 'conv', filters: 6, kernelSize: 5, stride: 1, padding: 'valid', activation: 'tanh' },
    { name: 'S2', type: 'avgpool', poolSize: 2, stride: 2, padding: 'valid', activation: 'tanh' },
    { name: 'C3', type: 'conv', filters: 16, kernelSize: 5, stride: 1, padding: 'valid', activation: 'tanh' },
    { name: 'S4', type: 'avgpool', poolSize: 2, stride: 2, padding: 'valid', activation: 'tanh' },
    { name: 'C5', type: 'conv', filters: 120, kernelSize: 5, stride: 1, padding: 'valid', activation: 'tanh' },
    { name: 'F6', type: 'dense', units: 84, activation: 'tanh' },
    { name: 'Out', type: 'dense', units: 10, activation: 'RBF' },
  ],
};

export const ALEXNET: Architecture = {
  id: 'alexnet',
  title: 'AlexNet',
  defaultInput: [227, 227, 3],
  layers: [
    { name: 'C1', type: 'conv', filters: 96, kernelSize: 11, stride: 4, padding: 'valid', activation: 'ReLU' },
    { name: 'S2', type: 'maxpool', poolSize: 3, stride: 2, padding: 'valid' },
    { name: 'C3', type: 'conv', filters: 256, kernelSize: 5, stride: 1, padding: 'same', activation: 'ReLU' },
    { name: 'S4', type: 'maxpool', poolSize: 3, stride: 2, padding: 'valid' },
    { name: 'C5', type: 'conv', filters: 384, kernelSize: 3, stride: 1, padding: 'same', activation: 'ReLU' },
    { name: 'C6', type: 'conv', filters: 384, kernelSize: 3, stride: 1, padding: 'same', activation: 'ReLU' },
    { name: 'C7', type: 'conv', filters: 256, kernelSize: 3, stride: 1, padding: 'same', activation: 'ReLU' },
    { name: 'F8', type: 'dense', units: 4096, activation: 'ReLU' },
    { name: 'F9', type: 'dense', units: 4096, activation: 'ReLU' },
    { name: 'Out', type: 'dense', units: 1000, activation: 'Softmax' },
  ],
};

export const ARCHITECTURES = { lenet5: LENET5, alexnet: ALEXNET } as const;

export interface ShapeRow {
  layer: LayerSpec;
  inputShape: number[];
  outputShape: number[];
  /** Keras-style count with full connectivity (LeNet's original sparse C3 had fewer) */
  params: number;
  /** false when a stride does not divide the span and the formula's floor discards pixels */
  exact: boolean;
}

/** Propagate an input shape through the layers; dense layers flatten what they receive. */
export function shapeTable(options: { architecture: Architecture; inputShape?: Shape3 }): ShapeRow[] {
  let shape: number[] = [...(options.inputShape ?? options.architecture.defaultInput)];
  const rows: ShapeRow[] = [];
  for (const layer of options.architecture.layers) {
    const inputShape = shape;
    let params = 0;
    let exact = true;
    if (layer.type === 'dense') {
      const inputUnits = flattenLength(shape);
      params = denseParams({ inputUnits, units: layer.units });
      shape = [layer.units];
    } else {
      if (shape.length !== 3) throw new RangeError(`${layer.name} needs a [h, w, c] input, got [${shape.join(', ')}]`);
      const s3 = shape as unknown as Shape3;
      const k = layer.type === 'conv' ? layer.kernelSize : layer.poolSize;
      exact = [0, 1].every((axis) =>
        convDivisionIsExact({
          inputLength: s3[axis]!,
          kernelSize: k,
          stride: layer.stride,
          padding: layer.padding as 'valid' | 'same' | number,
        }),
      );
      if (layer.type === 'conv') {
        shape = conv2dOutputShape({ inputShape: s3, filters: layer.filters, kernelSize: k, strides: layer.stride, padding: layer.padding });
        params = conv2dParams({ inputShape: s3, filters: layer.filters, kernelSize: k });
      } else {
        shape = pool2dOutputShape({ inputShape: s3, poolSize: k, strides: layer.stride, padding: layer.padding });
      }
    }
    rows.push({ layer, inputShape, outputShape: shape, params, exact });
  }
  return rows;
}

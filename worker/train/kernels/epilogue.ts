import type { TensorInfo } from '@tensorflow/tfjs';
import { floatValues, type KernelArgs } from './cpu-backend';

// The bias and activation that FusedConv2D / FusedDepthwiseConv2D apply after
// the convolution, done in place on the NHWC output. Formulas match the stock
// CPU kernels (Relu, Relu6, LeakyRelu, Elu, Sigmoid).

export interface Epilogue {
  bias: Float32Array | null;
  activation: string;
  alpha: number;
}

/** The epilogue of a fused conv, or null when it needs the stock kernel (PReLU, odd bias shapes, NCHW). */
export function readEpilogue(args: KernelArgs, outChannels: number): Epilogue | null {
  const { bias, preluActivationWeights } = args.inputs as { bias?: TensorInfo; preluActivationWeights?: TensorInfo };
  const attrs = args.attrs as { activation?: string | null; leakyreluAlpha?: number; dataFormat?: string };
  if (attrs.dataFormat != null && attrs.dataFormat !== 'NHWC') return null;
  if (preluActivationWeights != null) return null;
  const activation = attrs.activation ?? 'linear';
  if (!['linear', 'relu', 'relu6', 'leakyrelu', 'elu', 'sigmoid'].includes(activation)) return null;
  let biasValues: Float32Array | null = null;
  if (bias != null) {
    const size = bias.shape.reduce((a, b) => a * b, 1);
    if (bias.shape.length > 1 || (size !== 1 && size !== outChannels)) return null;
    biasValues = floatValues(args, bias);
    if (biasValues == null) return null;
  }
  return { bias: biasValues, activation, alpha: attrs.leakyreluAlpha ?? 0 };
}

export function applyEpilogue(y: Float32Array, outChannels: number, e: Epilogue): void {
  const n = y.length;
  const bias = e.bias;
  if (bias != null) {
    if (bias.length === 1) {
      const b0 = bias[0];
      for (let i = 0; i < n; i++) y[i] += b0;
    } else {
      for (let i = 0; i < n; i += outChannels) {
        for (let c = 0; c < outChannels; c++) y[i + c] += bias[c];
      }
    }
  }
  switch (e.activation) {
    case 'relu':
      for (let i = 0; i < n; i++) y[i] = Math.max(0, y[i]);
      break;
    case 'relu6':
      for (let i = 0; i < n; i++) y[i] = Math.min(Math.max(0, y[i]), 6);
      break;
    case 'leakyrelu': {
      const a = e.alpha;
      for (let i = 0; i < n; i++) if (y[i] < 0) y[i] *= a;
      break;
    }
    case 'elu':
      for (let i = 0; i < n; i++) if (!(y[i] >= 0)) y[i] = Math.exp(y[i]) - 1;
      break;
    case 'sigmoid':
      for (let i = 0; i < n; i++) y[i] = 1 / (1 + Math.exp(-y[i]));
      break;
    default:
      break;
  }
}

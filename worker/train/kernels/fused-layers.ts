import * as tf from '@tensorflow/tfjs';
import type { GradConfig, KernelConfig, NamedAttrMap, Tensor, TensorInfo } from '@tensorflow/tfjs';
import { backendOf, floatValues, geometry, type KernelArgs } from './cpu-backend';
import { activeNative, NATIVE_ACTIVATIONS, nativeGeometry, type NativeKernels } from './native';

// Conv2D and Dense layers as one kernel each, with the native addon only.
// In training, tfjs-layers runs a conv with ReLU as three kernels (conv, bias
// add, relu) and their three gradients (relu grad, bias sum, and both conv
// backprops), and a fused conv with no activation computes its input gradient
// eagerly even for the first layer, where nothing uses it. These kernels do
// conv (or matmul) + bias + ReLU in one pass, and their gradient is registered
// per input, so the tape asks only for the gradients it needs: the first
// layer's input gradient is never computed.

const CONV = 'ConvGradeConv2D';
const CONV_DX = 'ConvGradeConv2DBackpropInput';
const CONV_DW = 'ConvGradeConv2DBackpropFilter';
const DENSE = 'ConvGradeDense';
const DENSE_DX = 'ConvGradeDenseBackpropInput';
const DENSE_DW = 'ConvGradeDenseBackpropKernel';
const BIAS_GRAD = 'ConvGradeBiasGrad';
const BACKEND = 'cpu';

/** Only these run inside the fused kernels; any other activation is applied by the layer after a linear one. */
type FusedActivation = 'linear' | 'relu';

interface ConvAttrs { strides: [number, number]; pad: 'same' | 'valid'; activation: FusedActivation }

/** The addon, which these kernels need; registerFusedLayerKernels registers them only when it is active. */
function nk(): NativeKernels {
  const n = activeNative();
  if (!n) throw new Error('ConvGrade fused layer kernels ran without the native addon');
  return n;
}

// A reused buffer for dy masked by the ReLU: grown to the largest layer, then never reallocated.
let maskBuffer = new Float32Array(0);

/** dy through the activation: dy itself when linear, else dy where y > 0 (in the shared buffer). */
function throughActivation(args: KernelArgs, dy: TensorInfo, y: TensorInfo | undefined, activation: FusedActivation): Float32Array {
  const dyv = floatValues(args, dy)!;
  if (activation === 'linear' || y == null) return dyv;
  if (maskBuffer.length < dyv.length) maskBuffer = new Float32Array(dyv.length);
  nk().reluMask(dyv, floatValues(args, y)!, maskBuffer);
  return maskBuffer;
}

function convInfo(xShape: number[], filterShape: number[], a: ConvAttrs) {
  return tf.backend_util.computeConv2DInfo(
    xShape as [number, number, number, number], filterShape as [number, number, number, number],
    a.strides, 1, a.pad, undefined, false, 'channelsLast');
}

function out(args: KernelArgs, shape: number[], values: Float32Array): TensorInfo {
  return backendOf(args).makeTensorInfo(shape, 'float32', values);
}

const kernels: KernelConfig[] = [
  {
    kernelName: CONV,
    backendName: BACKEND,
    kernelFunc: (args) => {
      const { x, filter, bias } = args.inputs as { x: TensorInfo; filter: TensorInfo; bias?: TensorInfo };
      const a = args.attrs as unknown as ConvAttrs;
      const info = convInfo(x.shape, filter.shape, a);
      const y = new Float32Array(tf.util.sizeFromShape(info.outShape));
      nk().convForward(nativeGeometry(geometry(info)), floatValues(args, x)!, floatValues(args, filter)!, y,
        bias ? floatValues(args, bias) : null, NATIVE_ACTIVATIONS[a.activation]!, 0);
      return out(args, info.outShape, y);
    },
  },
  {
    kernelName: CONV_DW,
    backendName: BACKEND,
    kernelFunc: (args) => {
      const { x, dy, y } = args.inputs as { x: TensorInfo; dy: TensorInfo; y: TensorInfo };
      const a = args.attrs as unknown as ConvAttrs & { filterShape: number[] };
      const info = convInfo(x.shape, a.filterShape, a);
      const dw = new Float32Array(tf.util.sizeFromShape(a.filterShape));
      nk().convFilterGrad(nativeGeometry(geometry(info)), floatValues(args, x)!, throughActivation(args, dy, y, a.activation), dw);
      return out(args, a.filterShape, dw);
    },
  },
  {
    kernelName: CONV_DX,
    backendName: BACKEND,
    kernelFunc: (args) => {
      const { filter, dy, y } = args.inputs as { filter: TensorInfo; dy: TensorInfo; y: TensorInfo };
      const a = args.attrs as unknown as ConvAttrs & { inputShape: number[] };
      const info = convInfo(a.inputShape, filter.shape, a);
      const dx = new Float32Array(tf.util.sizeFromShape(a.inputShape));
      nk().convInputGrad(nativeGeometry(geometry(info)), throughActivation(args, dy, y, a.activation), floatValues(args, filter)!, dx);
      return out(args, a.inputShape, dx);
    },
  },
  {
    kernelName: DENSE,
    backendName: BACKEND,
    kernelFunc: (args) => {
      const { x, kernel, bias } = args.inputs as { x: TensorInfo; kernel: TensorInfo; bias?: TensorInfo };
      const a = args.attrs as unknown as { activation: FusedActivation };
      const [M, K] = x.shape as [number, number];
      const N = kernel.shape[1]!;
      const y = new Float32Array(M * N);
      const n = nk();
      n.matmul(false, false, 1, 1, M, N, K, floatValues(args, x)!, floatValues(args, kernel)!, y);
      if (bias || a.activation !== 'linear') n.epilogue(y, N, bias ? floatValues(args, bias) : null, NATIVE_ACTIVATIONS[a.activation]!, 0);
      return out(args, [M, N], y);
    },
  },
  {
    kernelName: DENSE_DX,
    backendName: BACKEND,
    kernelFunc: (args) => {
      const { kernel, dy, y } = args.inputs as { kernel: TensorInfo; dy: TensorInfo; y: TensorInfo };
      const a = args.attrs as unknown as { activation: FusedActivation };
      const [K, N] = kernel.shape as [number, number];
      const M = dy.shape[0]!;
      const dx = new Float32Array(M * K);
      nk().matmul(false, true, 1, 1, M, K, N, throughActivation(args, dy, y, a.activation), floatValues(args, kernel)!, dx);
      return out(args, [M, K], dx);
    },
  },
  {
    kernelName: DENSE_DW,
    backendName: BACKEND,
    kernelFunc: (args) => {
      const { x, dy, y } = args.inputs as { x: TensorInfo; dy: TensorInfo; y: TensorInfo };
      const a = args.attrs as unknown as { activation: FusedActivation };
      const [M, K] = x.shape as [number, number];
      const N = dy.shape[1]!;
      const dw = new Float32Array(K * N);
      nk().matmul(true, false, 1, 1, K, N, M, floatValues(args, x)!, throughActivation(args, dy, y, a.activation), dw);
      return out(args, [K, N], dw);
    },
  },
  {
    kernelName: BIAS_GRAD,
    backendName: BACKEND,
    kernelFunc: (args) => {
      const { dy, y } = args.inputs as { dy: TensorInfo; y: TensorInfo };
      const a = args.attrs as unknown as { activation: FusedActivation };
      const N = dy.shape[dy.shape.length - 1]!;
      const db = new Float32Array(N);
      nk().columnSums(throughActivation(args, dy, y, a.activation), tf.util.sizeFromShape(dy.shape) / N, N, db);
      return out(args, [N], db);
    },
  },
];

const run = (name: string, inputs: Record<string, Tensor>, attrs: NamedAttrMap) =>
  tf.engine().runKernel(name, inputs as never, attrs) as Tensor;

// Saved tensors come as inputsToSave (in that order) then the saved outputs.
const gradients: GradConfig[] = [
  {
    kernelName: CONV,
    inputsToSave: ['x', 'filter'],
    outputsToSave: [true],
    gradFunc: (dy, saved, attrs) => {
      const [x, filter, y] = saved as [Tensor, Tensor, Tensor];
      const d = dy as Tensor;
      return {
        x: () => run(CONV_DX, { dy: d, y: y!, filter: filter! }, { ...attrs, inputShape: x!.shape }),
        filter: () => run(CONV_DW, { x: x!, dy: d, y: y! }, { ...attrs, filterShape: filter!.shape }),
        bias: () => run(BIAS_GRAD, { dy: d, y: y! }, attrs),
      };
    },
  },
  {
    kernelName: DENSE,
    inputsToSave: ['x', 'kernel'],
    outputsToSave: [true],
    gradFunc: (dy, saved, attrs) => {
      const [x, kernel, y] = saved as [Tensor, Tensor, Tensor];
      const d = dy as Tensor;
      return {
        x: () => run(DENSE_DX, { dy: d, y: y!, kernel: kernel! }, attrs),
        kernel: () => run(DENSE_DW, { x: x!, dy: d, y: y! }, attrs),
        bias: () => run(BIAS_GRAD, { dy: d, y: y! }, attrs),
      };
    },
  },
];

let gradientsRegistered = false;

/** Registers the fused layer kernels (only call with the native addon active). Safe to call more than once. */
export function registerFusedLayerKernels(): void {
  for (const k of kernels) if (tf.getKernel(k.kernelName, BACKEND) == null) tf.registerKernel(k);
  if (!gradientsRegistered) {
    // Gradients are global, not per backend, and tfjs has no unregisterGradient: registered once.
    for (const g of gradients) tf.registerGradient(g);
    gradientsRegistered = true;
  }
}

export function unregisterFusedLayerKernels(): void {
  for (const k of kernels) if (tf.getKernel(k.kernelName, BACKEND) != null) tf.unregisterKernel(k.kernelName, BACKEND);
  maskBuffer = new Float32Array(0);
}

/** Whether a layer built now would run fused: the active backend is cpu with the fused kernels registered. */
export function fusedLayersActive(): boolean {
  return tf.getBackend() === BACKEND && tf.getKernel(CONV, BACKEND) != null;
}

/** The fused conv: act(conv2d(x, filter) + bias), NHWC, dilation 1. */
export function fusedConv2d(x: Tensor, filter: Tensor, bias: Tensor | null, attrs: ConvAttrs): Tensor {
  return run(CONV, bias ? { x, filter, bias } : { x, filter }, attrs as unknown as NamedAttrMap);
}

/** The fused dense layer: act(x · kernel + bias) for x of rank 2. */
export function fusedDense(x: Tensor, kernel: Tensor, bias: Tensor | null, activation: FusedActivation): Tensor {
  return run(DENSE, bias ? { x, kernel, bias } : { x, kernel }, { activation });
}

interface LayerInternals {
  call(inputs: Tensor | Tensor[], kwargs: Record<string, unknown>): Tensor | Tensor[];
  invokeCallHook?(inputs: Tensor | Tensor[], kwargs: Record<string, unknown>): void;
  kernel: { read(): Tensor };
  bias: { read(): Tensor } | null;
  activation: { getClassName(): string; apply(t: Tensor): Tensor };
  rank?: number;
  strides?: number[];
  padding?: string;
  dataFormat?: string;
  dilationRate?: number[];
}

/**
 * Makes a tfjs Conv2D or Dense layer run as one fused kernel while the fused kernels are registered
 * and the engine is this module's on the cpu backend; any other case (tfjs-node, NCHW, dilations,
 * inputs of another rank) runs the layer's own call. The weights and the maths are the layer's.
 */
export function useFusedCall(engineOf: { engine(): unknown }, layer: object, kind: 'conv2d' | 'dense'): void {
  const l = layer as LayerInternals;
  const own = l.call.bind(layer);
  l.call = (inputs, kwargs) => {
    const x = Array.isArray(inputs) ? (inputs.length === 1 ? inputs[0]! : null) : inputs;
    if (x == null || x.dtype !== 'float32' || engineOf.engine() !== tf.engine() || !fusedLayersActive()) return own(inputs, kwargs);
    const name = l.activation.getClassName();
    const fused: FusedActivation = name === 'relu' ? 'relu' : 'linear';
    const after = (y: Tensor) => (name === 'relu' || name === 'linear' ? y : l.activation.apply(y));
    if (kind === 'conv2d') {
      const plain = l.rank === 2 && l.dataFormat === 'channelsLast' && x.rank === 4 && (l.dilationRate ?? [1, 1]).every((d) => d === 1) &&
        (l.padding === 'same' || l.padding === 'valid');
      if (!plain) return own(inputs, kwargs);
      return tf.tidy(() => after(fusedConv2d(x, l.kernel.read(), l.bias?.read() ?? null, {
        strides: l.strides as [number, number], pad: l.padding as 'same' | 'valid', activation: fused,
      })));
    }
    if (x.rank !== 2) return own(inputs, kwargs);
    return tf.tidy(() => {
      l.invokeCallHook?.(inputs, kwargs);
      return after(fusedDense(x, l.kernel.read(), l.bias?.read() ?? null, fused));
    });
  };
}

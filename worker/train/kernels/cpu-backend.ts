import type { backend_util, DataType, KernelFunc, TensorInfo } from '@tensorflow/tfjs';

/** The slice of tfjs-backend-cpu's MathBackendCPU that the kernels touch (the class itself is not exported by @tensorflow/tfjs). */
export interface CpuBackend {
  data: { get(dataId: object): { values?: unknown } };
  makeTensorInfo(shape: number[], dtype: DataType, values: Float32Array | Int32Array | Uint8Array): TensorInfo;
}

export type KernelArgs = Parameters<KernelFunc>[0];

/** A fast kernel returns null when it does not handle the configuration, and the stock kernel runs instead. */
export type FastKernel = (args: KernelArgs) => TensorInfo | null;

export function backendOf(args: KernelArgs): CpuBackend {
  return args.backend as unknown as CpuBackend;
}

/** The float32 values of a tensor, or null when it is not a plain float32 tensor on this backend. */
export function floatValues(args: KernelArgs, t: TensorInfo | undefined): Float32Array | null {
  if (t == null || t.dtype !== 'float32') return null;
  const v = backendOf(args).data.get(t.dataId).values;
  return v instanceof Float32Array ? v : null;
}

/** Plain numbers from conv geometry, so hot loops read locals instead of object fields. */
export interface ConvGeometry {
  B: number; H: number; W: number; C: number;
  oH: number; oW: number; N: number;
  fh: number; fw: number;
  sH: number; sW: number;
  dH: number; dW: number;
  padTop: number; padLeft: number;
}

export function geometry(info: backend_util.Conv2DInfo): ConvGeometry {
  return {
    B: info.batchSize, H: info.inHeight, W: info.inWidth, C: info.inChannels,
    oH: info.outHeight, oW: info.outWidth, N: info.outChannels,
    fh: info.filterHeight, fw: info.filterWidth,
    sH: info.strideHeight, sW: info.strideWidth,
    dH: info.dilationHeight, dW: info.dilationWidth,
    padTop: info.padInfo.top, padLeft: info.padInfo.left,
  };
}

/** Empty or degenerate geometry (the stock kernel decides what to do with it). */
export function degenerate(g: ConvGeometry): boolean {
  return g.oH <= 0 || g.oW <= 0 || g.B <= 0 || g.C <= 0 || g.N <= 0;
}

const buffers: Float64Array[] = [];

/** A reusable work buffer of at least n doubles (contents undefined); slots keep simultaneous buffers apart. */
export function scratch(slot: number, n: number): Float64Array {
  let b = buffers[slot];
  if (b == null || b.length < n) {
    b = new Float64Array(Math.max(n, Math.floor((b?.length ?? 0) * 1.5)));
    buffers[slot] = b;
  }
  return b;
}

/** Drops the work buffers (tests and long-lived workers that want the memory back). */
export function releaseScratch(): void {
  buffers.length = 0;
}

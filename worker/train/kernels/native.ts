import { createRequire } from 'node:module';

// The optional native addon (native/, built by node-gyp at npm install against
// Debian's OpenBLAS). When it is absent or fails to load, the JS kernels in
// this folder run instead and the backend string says so.

export interface NativeKernels {
  /** geometry: Int32Array [B, H, W, C, oH, oW, N, fh, fw, sH, sW, dH, dW, padTop, padLeft] */
  convForward(geom: Int32Array, x: Float32Array, w: Float32Array, y: Float32Array, bias: Float32Array | null, act: number, alpha: number): void;
  convFilterGrad(geom: Int32Array, x: Float32Array, dy: Float32Array, dw: Float32Array): void;
  convInputGrad(geom: Int32Array, dy: Float32Array, w: Float32Array, dx: Float32Array): void;
  matmul(transA: boolean, transB: boolean, batchA: number, batchB: number, M: number, N: number, K: number, a: Float32Array, b: Float32Array, c: Float32Array): void;
  epilogue(y: Float32Array, N: number, bias: Float32Array | null, act: number, alpha: number): void;
  reluMask(dy: Float32Array, y: Float32Array, out: Float32Array): void;
  columnSums(a: Float32Array, rows: number, N: number, out: Float32Array): void;
  adamStep(value: Float32Array, m: Float32Array, v: Float32Array, grad: Float32Array, outValue: Float32Array, outM: Float32Array, outV: Float32Array,
    lr: number, beta1: number, beta2: number, epsilon: number, c1: number, c2: number): void;
  setThreads(n: number): void;
  threads(): number;
  info(): { config: string; core: string; threads: number };
  releaseScratch(): void;
}

export const NATIVE_PACKAGE = 'convgrade-native-kernels';

/** Activation codes of native/src/conv.h. */
export const NATIVE_ACTIVATIONS: Record<string, number> = { linear: 0, relu: 1, relu6: 2, leakyrelu: 3, elu: 4, sigmoid: 5 };

let loaded: { kernels: NativeKernels | null; reason: string } | undefined;

/** Loads the addon once; null with the reason when it is not there. */
export function loadNativeKernels(): { kernels: NativeKernels | null; reason: string } {
  if (loaded) return loaded;
  try {
    const mod = createRequire(import.meta.url)(NATIVE_PACKAGE) as Partial<NativeKernels> & { loadError?: string };
    if (typeof mod.convForward !== 'function') loaded = { kernels: null, reason: mod.loadError ?? 'the addon exports no kernels' };
    else loaded = { kernels: mod as NativeKernels, reason: '' };
  } catch (e) {
    loaded = { kernels: null, reason: `${NATIVE_PACKAGE} is not installed (${(e as Error).message.split('\n')[0]})` };
  }
  return loaded;
}

let active: NativeKernels | null = null;

/** The addon when the registered fast kernels are to use it, else null (the JS kernels run). */
export function activeNative(): NativeKernels | null {
  return active;
}

export function setActiveNative(k: NativeKernels | null): void {
  active = k;
}

const geom = new Int32Array(15);

/** The conv geometry in the addon's layout, in one reused array. */
export function nativeGeometry(g: {
  B: number; H: number; W: number; C: number; oH: number; oW: number; N: number; fh: number; fw: number;
  sH: number; sW: number; dH: number; dW: number; padTop: number; padLeft: number;
}): Int32Array {
  geom[0] = g.B; geom[1] = g.H; geom[2] = g.W; geom[3] = g.C; geom[4] = g.oH; geom[5] = g.oW; geom[6] = g.N;
  geom[7] = g.fh; geom[8] = g.fw; geom[9] = g.sH; geom[10] = g.sW; geom[11] = g.dH; geom[12] = g.dW;
  geom[13] = g.padTop; geom[14] = g.padLeft;
  return geom;
}

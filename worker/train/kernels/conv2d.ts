import * as tf from '@tensorflow/tfjs';
import type { Conv2DAttrs, Conv2DBackpropFilterAttrs, Conv2DBackpropInputAttrs, TensorInfo } from '@tensorflow/tfjs';
import { backendOf, degenerate, floatValues, geometry, scratch, type ConvGeometry, type FastKernel, type KernelArgs } from './cpu-backend';
import { applyEpilogue, readEpilogue, type Epilogue } from './epilogue';
import { axpyGemm, dotGemm } from './gemm';
import { col2imT, im2colT, rowsPerChunk } from './im2col';
import { activeNative, NATIVE_ACTIVATIONS, nativeGeometry } from './native';

// Convolution as im2col + GEMM over chunks of output rows (NHWC only; NCHW
// goes to the stock kernel). With the native addon loaded (./native.ts) the same
// three products run in C++ through OpenBLAS sgemm; otherwise the JS below. With K = fh·fw·C patch entries and N filters:
//   forward        yᵀ[N][M]  = Wᵀ[N][K] · patchesᵀ[K][M]
//   filter grad    dW[K][N]  = patchesᵀ[K][M] · dyᵀ[N][M]ᵀ
//   input grad     dpᵀ[K][M] = W[K][N] · dyᵀ[N][M], then col2im into dx

function convForward(x: Float32Array, w: Float32Array, g: ConvGeometry, y: Float32Array): void {
  const { N, oW } = g;
  const K = g.fh * g.fw * g.C;
  const coef = scratch(0, N * K);
  for (let k = 0; k < K; k++) for (let n = 0; n < N; n++) coef[n * K + k] = w[k * N + n];
  const rows = g.B * g.oH;
  const step = rowsPerChunk(g, K);
  for (let row0 = 0; row0 < rows; row0 += step) {
    const row1 = Math.min(rows, row0 + step);
    const Mc = (row1 - row0) * oW;
    const at = scratch(1, K * Mc);
    im2colT(x, g, row0, row1, at);
    const c = scratch(2, N * Mc);
    c.fill(0, 0, N * Mc);
    axpyGemm(c, coef, at, N, K, Mc);
    let o = row0 * oW * N;
    for (let m = 0; m < Mc; m++) {
      for (let n = 0; n < N; n++) y[o++] = c[n * Mc + m];
    }
  }
}

// The gradient of a conv needs dyᵀ twice, once for the filter and once for the
// input, and both kernels receive the same dy tensor. The transpose of the last
// dy is kept, keyed by its data id (tfjs data is immutable while its id lives).
let dytCache: { dataId: object | null; M: number; N: number; values: Float64Array } = {
  dataId: null, M: 0, N: 0, values: new Float64Array(0),
};

/** dyᵀ[n][m] = dy[m][n] for the whole tensor, from the cache when dy is the one transposed last. */
function transposedDy(dy: TensorInfo, values: Float32Array, M: number, N: number): Float64Array {
  const c = dytCache;
  if (c.dataId === dy.dataId && c.M === M && c.N === N) return c.values;
  const t = c.values.length >= M * N ? c.values : new Float64Array(M * N);
  for (let n = 0; n < N; n++) {
    const row = n * M;
    for (let m = 0, i = n; m < M; m++, i += N) t[row + m] = values[i]!;
  }
  dytCache = { dataId: dy.dataId, M, N, values: t };
  return t;
}

/** Forgets the cached dyᵀ and its memory. */
export function clearConvCache(): void {
  dytCache = { dataId: null, M: 0, N: 0, values: new Float64Array(0) };
}

function convFilterGrad(x: Float32Array, dyt: Float64Array, g: ConvGeometry, dw: Float32Array): void {
  const { N, oW } = g;
  const K = g.fh * g.fw * g.C;
  const acc = scratch(0, K * N);
  acc.fill(0, 0, K * N);
  const rows = g.B * g.oH;
  const step = rowsPerChunk(g, K);
  for (let row0 = 0; row0 < rows; row0 += step) {
    const row1 = Math.min(rows, row0 + step);
    const Mc = (row1 - row0) * oW;
    const at = scratch(1, K * Mc);
    im2colT(x, g, row0, row1, at);
    dotGemm(acc, at, dyt, K, N, Mc, row0 * oW, rows * oW);
  }
  for (let i = 0; i < K * N; i++) dw[i] = acc[i];
}

function convInputGrad(dyt: Float64Array, w: Float32Array, g: ConvGeometry, dx: Float32Array): void {
  const { N, oW } = g;
  const K = g.fh * g.fw * g.C;
  const coef = scratch(0, K * N);
  for (let i = 0; i < K * N; i++) coef[i] = w[i];
  const dxAcc = scratch(3, dx.length);
  dxAcc.fill(0, 0, dx.length);
  const rows = g.B * g.oH;
  const step = rowsPerChunk(g, K);
  for (let row0 = 0; row0 < rows; row0 += step) {
    const row1 = Math.min(rows, row0 + step);
    const Mc = (row1 - row0) * oW;
    const dat = scratch(1, K * Mc);
    dat.fill(0, 0, K * Mc);
    axpyGemm(dat, coef, dyt, K, N, Mc, row0 * oW, rows * oW);
    col2imT(dat, g, row0, row1, dxAcc);
  }
  for (let i = 0; i < dx.length; i++) dx[i] = dxAcc[i];
}

function nhwc(dataFormat: string | undefined): boolean {
  return dataFormat == null || dataFormat === 'NHWC';
}

export const conv2D: FastKernel = (args) => convWithEpilogue(args, null);

function convWithEpilogue(args: KernelArgs, epilogue: Epilogue | null): TensorInfo | null {
  const { x, filter } = args.inputs as { x: TensorInfo; filter: TensorInfo };
  const a = args.attrs as unknown as Conv2DAttrs;
  const xv = floatValues(args, x);
  const wv = floatValues(args, filter);
  if (xv == null || wv == null || !nhwc(a.dataFormat)) return null;
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number], filter.shape as [number, number, number, number],
    a.strides, a.dilations, a.pad, a.dimRoundingMode, false, 'channelsLast');
  const g = geometry(info);
  if (degenerate(g)) return null;
  const y = new Float32Array(tf.util.sizeFromShape(info.outShape));
  const native = activeNative();
  if (native) native.convForward(nativeGeometry(g), xv, wv, y, epilogue?.bias ?? null, NATIVE_ACTIVATIONS[epilogue?.activation ?? 'linear']!, epilogue?.alpha ?? 0);
  else {
    convForward(xv, wv, g, y);
    if (epilogue) applyEpilogue(y, g.N, epilogue);
  }
  return backendOf(args).makeTensorInfo(info.outShape, 'float32', y);
}

export const fusedConv2D: FastKernel = (args) => {
  const { filter } = args.inputs as { filter: TensorInfo };
  const epilogue = readEpilogue(args, filter.shape[3]);
  if (epilogue == null) return null;
  return convWithEpilogue(args, epilogue);
};

export const conv2DBackpropFilter: FastKernel = (args) => {
  const { x, dy } = args.inputs as { x: TensorInfo; dy: TensorInfo };
  const a = args.attrs as unknown as Conv2DBackpropFilterAttrs;
  const xv = floatValues(args, x);
  const dyv = floatValues(args, dy);
  if (xv == null || dyv == null || !nhwc(a.dataFormat)) return null;
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number], a.filterShape,
    a.strides, 1, a.pad, a.dimRoundingMode, false, 'channelsLast');
  const g = geometry(info);
  if (degenerate(g)) return null;
  const dw = new Float32Array(tf.util.sizeFromShape(info.filterShape));
  const native = activeNative();
  if (native) native.convFilterGrad(nativeGeometry(g), xv, dyv, dw);
  else convFilterGrad(xv, transposedDy(dy, dyv, g.B * g.oH * g.oW, g.N), g, dw);
  return backendOf(args).makeTensorInfo(info.filterShape, 'float32', dw);
};

export const conv2DBackpropInput: FastKernel = (args) => {
  const { dy, filter } = args.inputs as { dy: TensorInfo; filter: TensorInfo };
  const a = args.attrs as unknown as Conv2DBackpropInputAttrs;
  const dyv = floatValues(args, dy);
  const wv = floatValues(args, filter);
  if (dyv == null || wv == null || !nhwc(a.dataFormat)) return null;
  const info = tf.backend_util.computeConv2DInfo(
    a.inputShape, filter.shape as [number, number, number, number],
    a.strides, 1, a.pad, a.dimRoundingMode, false, 'channelsLast');
  const g = geometry(info);
  if (degenerate(g)) return null;
  const dx = new Float32Array(tf.util.sizeFromShape(info.inShape));
  const native = activeNative();
  if (native) native.convInputGrad(nativeGeometry(g), dyv, wv, dx);
  else convInputGrad(transposedDy(dy, dyv, g.B * g.oH * g.oW, g.N), wv, g, dx);
  return backendOf(args).makeTensorInfo(info.inShape, 'float32', dx);
};

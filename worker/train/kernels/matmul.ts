import * as tf from '@tensorflow/tfjs';
import type { BatchMatMulAttrs, TensorInfo } from '@tensorflow/tfjs';
import { backendOf, floatValues, scratch, type FastKernel } from './cpu-backend';
import { applyEpilogue, readEpilogue } from './epilogue';
import { dotGemm } from './gemm';
import { activeNative, NATIVE_ACTIVATIONS } from './native';

// Dense-layer matrix products. The native addon hands them to OpenBLAS sgemm as
// they are (transposes included); the JS path copies both operands into rows
// that run along the shared dimension, then every output is a blocked dot product.

function copyRows(src: Float32Array, offset: number, rows: number, cols: number, transposed: boolean, dst: Float64Array): void {
  // dst[r][c] = transposed ? src[c][r] : src[r][c]
  if (!transposed) {
    for (let i = 0; i < rows * cols; i++) dst[i] = src[offset + i];
    return;
  }
  for (let c = 0; c < cols; c++) {
    const s = offset + c * rows;
    for (let r = 0; r < rows; r++) dst[r * cols + c] = src[s + r];
  }
}

export const batchMatMul: FastKernel = (args) => {
  const { a, b } = args.inputs as { a: TensorInfo; b: TensorInfo };
  const { transposeA, transposeB } = args.attrs as unknown as BatchMatMulAttrs;
  const av = floatValues(args, a);
  const bv = floatValues(args, b);
  if (av == null || bv == null || a.shape.length < 2 || b.shape.length < 2) return null;
  const ar = a.shape.length;
  const br = b.shape.length;
  const K = transposeA ? a.shape[ar - 2]! : a.shape[ar - 1]!;
  const M = transposeA ? a.shape[ar - 1]! : a.shape[ar - 2]!;
  const N = transposeB ? b.shape[br - 2]! : b.shape[br - 1]!;
  const kB = transposeB ? b.shape[br - 1]! : b.shape[br - 2]!;
  if (K !== kB || M * N * K === 0) return null;
  const batchA = tf.util.sizeFromShape(a.shape.slice(0, -2));
  const batchB = tf.util.sizeFromShape(b.shape.slice(0, -2));
  const outer = tf.broadcast_util.assertAndGetBroadcastShape(a.shape.slice(0, -2), b.shape.slice(0, -2));
  const batch = tf.util.sizeFromShape(outer);
  if (!(batchA === batchB || batchA === 1 || batchB === 1) || batch !== Math.max(batchA, batchB)) return null;

  const out = new Float32Array(batch * M * N);
  const native = activeNative();
  if (native) {
    native.matmul(transposeA, transposeB, batchA, batchB, M, N, K, av, bv, out);
    return backendOf(args).makeTensorInfo([...outer, M, N], 'float32', out);
  }
  const A = scratch(0, M * K);
  const Bt = scratch(1, N * K);
  const C = scratch(2, M * N);
  for (let i = 0; i < batch; i++) {
    const ia = batchA === 1 ? 0 : i;
    const ib = batchB === 1 ? 0 : i;
    if (i === 0 || batchA !== 1) copyRows(av, ia * M * K, M, K, transposeA, A);
    if (i === 0 || batchB !== 1) copyRows(bv, ib * N * K, N, K, !transposeB, Bt);
    C.fill(0, 0, M * N);
    dotGemm(C, A, Bt, M, N, K);
    const o = i * M * N;
    for (let j = 0; j < M * N; j++) out[o + j] = C[j];
  }
  return backendOf(args).makeTensorInfo([...outer, M, N], 'float32', out);
};

export const fusedMatMul: FastKernel = (args) => {
  const { b } = args.inputs as { b: TensorInfo };
  const { transposeB } = args.attrs as unknown as BatchMatMulAttrs;
  const N = transposeB ? b.shape[b.shape.length - 2]! : b.shape[b.shape.length - 1]!;
  const epilogue = readEpilogue(args, N);
  if (epilogue == null) return null;
  const out = batchMatMul(args);
  if (out == null) return null;
  const y = backendOf(args).data.get(out.dataId).values as Float32Array;
  const native = activeNative();
  if (native) native.epilogue(y, N, epilogue.bias, NATIVE_ACTIVATIONS[epilogue.activation]!, epilogue.alpha);
  else applyEpilogue(y, N, epilogue);
  return out;
};

import * as tf from '@tensorflow/tfjs';
import type { AvgPoolAttrs, AvgPoolGradAttrs, MaxPoolAttrs, MaxPoolGradAttrs, TensorInfo } from '@tensorflow/tfjs';
import { backendOf, floatValues, scratch, type FastKernel } from './cpu-backend';

// NHWC pooling with all channels of a pixel handled together, so every loop
// walks memory contiguously. Semantics follow the stock CPU kernels exactly:
// max ignores NaN and keeps the first maximum in row-major window order (which
// decides where MaxPoolGrad sends the gradient on ties); avg divides by the
// number of in-image pixels, while AvgPoolGrad divides by the full window size.

interface PoolGeometry {
  B: number; H: number; W: number; C: number; oH: number; oW: number;
  fh: number; fw: number; sH: number; sW: number; padTop: number; padLeft: number;
}

function poolGeometry(
  shape: number[],
  filterSize: [number, number] | number,
  strides: [number, number] | number,
  pad: AvgPoolAttrs['pad'],
  dimRoundingMode?: 'floor' | 'round' | 'ceil',
): PoolGeometry {
  const info = tf.backend_util.computePool2DInfo(
    shape as [number, number, number, number], filterSize, strides, 1, pad, dimRoundingMode);
  return {
    B: info.batchSize, H: info.inHeight, W: info.inWidth, C: info.inChannels,
    oH: info.outHeight, oW: info.outWidth,
    fh: info.effectiveFilterHeight, fw: info.effectiveFilterWidth,
    sH: info.strideHeight, sW: info.strideWidth,
    padTop: info.padInfo.top, padLeft: info.padInfo.left,
  };
}

/** Cases the stock kernel handles on its own: identity pools, and empty or degenerate outputs. */
function leaveToStock(g: PoolGeometry): boolean {
  return (g.fh === 1 && g.fw === 1 && g.oH === g.H && g.oW === g.W) || g.oH <= 0 || g.oW <= 0 || g.B * g.C === 0;
}

/** Max pool that also records the flat input index of each output's first maximum in argmax (-1 when none). */
function maxPoolArgmax(x: Float32Array, g: PoolGeometry, best: Float32Array, argmax: Int32Array): void {
  const { B, H, W, C, oH, oW, fh, fw, sH, sW, padTop, padLeft } = g;
  const rowLen = W * C;
  for (let b = 0; b < B; b++) {
    for (let or = 0; or < oH; or++) {
      const r0 = or * sH - padTop;
      const rLo = Math.max(0, r0);
      const rHi = Math.min(H, r0 + fh);
      const yRow = (b * oH + or) * oW * C;
      best.fill(-Infinity, yRow, yRow + oW * C);
      argmax.fill(-1, yRow, yRow + oW * C);
      for (let r = rLo; r < rHi; r++) {
        const xRow = (b * H + r) * rowLen;
        for (let oc = 0; oc < oW; oc++) {
          const c0 = oc * sW - padLeft;
          const srcLo = xRow + Math.max(0, c0) * C;
          const srcHi = xRow + Math.min(W, c0 + fw) * C;
          const o = yRow + oc * C;
          for (let src = srcLo; src < srcHi; src += C) {
            for (let ch = 0; ch < C; ch++) {
              const v = x[src + ch];
              if (v > best[o + ch]) {
                best[o + ch] = v;
                argmax[o + ch] = src + ch;
              }
            }
          }
        }
      }
    }
  }
}

// MaxPoolGrad gets the same input tensor as the forward MaxPool before it, and
// finding the maxima again costs as much as the forward pass. The forward pass
// therefore remembers where its maxima were, keyed by the input's data id (tfjs
// data is immutable while its id lives) and by the pooling geometry.
interface ArgmaxEntry { dataId: object; key: string; argmax: Int32Array }
const argmaxCache: ArgmaxEntry[] = [];
const ARGMAX_CACHE_SIZE = 8;

function geometryKey(shape: number[], g: PoolGeometry): string {
  return `${shape.join('x')}|${g.fh},${g.fw},${g.sH},${g.sW},${g.padTop},${g.padLeft},${g.oH},${g.oW}`;
}

function cachedArgmax(dataId: object, key: string): Int32Array | null {
  const e = argmaxCache.find((c) => c.dataId === dataId && c.key === key);
  return e == null ? null : e.argmax;
}

function rememberArgmax(dataId: object, key: string, argmax: Int32Array): void {
  const at = argmaxCache.findIndex((c) => c.dataId === dataId && c.key === key);
  if (at >= 0) argmaxCache.splice(at, 1);
  argmaxCache.unshift({ dataId, key, argmax });
  if (argmaxCache.length > ARGMAX_CACHE_SIZE) argmaxCache.pop();
}

/** Forgets remembered max positions (tests; the cache holds at most a few output-sized int arrays). */
export function clearPoolCache(): void {
  argmaxCache.length = 0;
}

export const maxPool: FastKernel = (args) => {
  const { x } = args.inputs as { x: TensorInfo };
  const a = args.attrs as unknown as MaxPoolAttrs;
  const xv = floatValues(args, x);
  if (xv == null || x.shape.length !== 4) return null;
  const g = poolGeometry(x.shape, a.filterSize, a.strides, a.pad, a.dimRoundingMode);
  if (leaveToStock(g)) return null;
  const n = g.B * g.oH * g.oW * g.C;
  const y = new Float32Array(n);
  const argmax = new Int32Array(n);
  maxPoolArgmax(xv, g, y, argmax);
  rememberArgmax(x.dataId, geometryKey(x.shape, g), argmax);
  return backendOf(args).makeTensorInfo([g.B, g.oH, g.oW, g.C], 'float32', y);
};

let argmaxBuffer = new Int32Array(0);
let bestBuffer = new Float32Array(0);

export const maxPoolGrad: FastKernel = (args) => {
  const { dy, input } = args.inputs as { dy: TensorInfo; input: TensorInfo };
  const a = args.attrs as unknown as MaxPoolGradAttrs;
  const xv = floatValues(args, input);
  const dyv = floatValues(args, dy);
  if (xv == null || dyv == null || input.shape.length !== 4) return null;
  const g = poolGeometry(input.shape, a.filterSize, a.strides, a.pad, a.dimRoundingMode);
  if (leaveToStock(g)) return null;
  const n = g.B * g.oH * g.oW * g.C;
  let argmax = cachedArgmax(input.dataId, geometryKey(input.shape, g));
  if (argmax == null) {
    if (argmaxBuffer.length < n) {
      argmaxBuffer = new Int32Array(n);
      bestBuffer = new Float32Array(n);
    }
    maxPoolArgmax(xv, g, bestBuffer, argmaxBuffer);
    argmax = argmaxBuffer;
  }
  const dx = new Float32Array(xv.length);
  for (let i = 0; i < n; i++) {
    const at = argmax[i]!;
    if (at >= 0) dx[at] += dyv[i]!;
  }
  return backendOf(args).makeTensorInfo(input.shape, 'float32', dx);
};

export const avgPool: FastKernel = (args) => {
  const { x } = args.inputs as { x: TensorInfo };
  const a = args.attrs as unknown as AvgPoolAttrs;
  const xv = floatValues(args, x);
  if (xv == null || x.shape.length !== 4) return null;
  const g = poolGeometry(x.shape, a.filterSize, a.strides, a.pad, a.dimRoundingMode);
  if (leaveToStock(g)) return null;
  const { B, H, W, C, oH, oW, fh, fw, sH, sW, padTop, padLeft } = g;
  const y = new Float32Array(B * oH * oW * C);
  const acc = scratch(0, C);
  let o = 0;
  for (let b = 0; b < B; b++) {
    for (let or = 0; or < oH; or++) {
      const r0 = or * sH - padTop;
      const rLo = Math.max(0, r0);
      const rHi = Math.min(H, r0 + fh);
      for (let oc = 0; oc < oW; oc++, o += C) {
        const c0 = oc * sW - padLeft;
        const cLo = Math.max(0, c0);
        const cHi = Math.min(W, c0 + fw);
        acc.fill(0, 0, C);
        for (let r = rLo; r < rHi; r++) {
          for (let c = cLo; c < cHi; c++) {
            const src = ((b * H + r) * W + c) * C;
            for (let ch = 0; ch < C; ch++) acc[ch] += xv[src + ch];
          }
        }
        const count = Math.max(0, rHi - rLo) * Math.max(0, cHi - cLo);
        for (let ch = 0; ch < C; ch++) y[o + ch] = acc[ch] / count;
      }
    }
  }
  return backendOf(args).makeTensorInfo([B, oH, oW, C], 'float32', y);
};

export const avgPoolGrad: FastKernel = (args) => {
  const { dy, input } = args.inputs as { dy: TensorInfo; input: TensorInfo };
  const a = args.attrs as unknown as AvgPoolGradAttrs;
  const dyv = floatValues(args, dy);
  if (dyv == null || input.shape.length !== 4) return null;
  const g = poolGeometry(input.shape, a.filterSize, a.strides, a.pad);
  if (leaveToStock(g)) return null;
  const { B, H, W, C, oH, oW, fh, fw, sH, sW, padTop, padLeft } = g;
  const scale = 1 / (fh * fw);
  const dx = scratch(0, B * H * W * C);
  dx.fill(0, 0, B * H * W * C);
  let o = 0;
  for (let b = 0; b < B; b++) {
    for (let or = 0; or < oH; or++) {
      const r0 = or * sH - padTop;
      const rLo = Math.max(0, r0);
      const rHi = Math.min(H, r0 + fh);
      for (let oc = 0; oc < oW; oc++, o += C) {
        const c0 = oc * sW - padLeft;
        const cLo = Math.max(0, c0);
        const cHi = Math.min(W, c0 + fw);
        for (let r = rLo; r < rHi; r++) {
          for (let c = cLo; c < cHi; c++) {
            const dst = ((b * H + r) * W + c) * C;
            for (let ch = 0; ch < C; ch++) dx[dst + ch] += dyv[o + ch];
          }
        }
      }
    }
  }
  const out = new Float32Array(B * H * W * C);
  for (let i = 0; i < out.length; i++) out[i] = dx[i] * scale;
  return backendOf(args).makeTensorInfo(input.shape, 'float32', out);
};

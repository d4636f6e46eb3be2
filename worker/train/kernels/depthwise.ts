import * as tf from '@tensorflow/tfjs';
import type {
  DepthwiseConv2dNativeAttrs, DepthwiseConv2dNativeBackpropFilterAttrs, DepthwiseConv2dNativeBackpropInputAttrs, TensorInfo,
} from '@tensorflow/tfjs';
import { backendOf, degenerate, floatValues, geometry, scratch, type ConvGeometry, type FastKernel } from './cpu-backend';
import { applyEpilogue, readEpilogue } from './epilogue';

// Depthwise convolution, NHWC, direct loops. Filter [fh, fw, C, mult]; output
// channel d = c·mult + q reads input channel c, so per filter tap the filter
// row and the output pixel share the index d and the loops stay contiguous.

type Tap = (xOff: number, wOff: number, yOff: number) => void;

/** Calls tap for every (output pixel, filter tap) pair whose input pixel lies inside the image. */
function eachTap(g: ConvGeometry, tap: Tap): void {
  const { B, H, W, C, oH, oW, N, fh, fw, sH, sW, dH, dW, padTop, padLeft } = g;
  let yOff = 0;
  for (let b = 0; b < B; b++) {
    for (let or = 0; or < oH; or++) {
      for (let oc = 0; oc < oW; oc++, yOff += N) {
        for (let wr = 0; wr < fh; wr++) {
          const xr = or * sH - padTop + wr * dH;
          if (xr < 0 || xr >= H) continue;
          for (let wc = 0; wc < fw; wc++) {
            const xc = oc * sW - padLeft + wc * dW;
            if (xc < 0 || xc >= W) continue;
            tap(((b * H + xr) * W + xc) * C, (wr * fw + wc) * N, yOff);
          }
        }
      }
    }
  }
}

function depthwiseForward(x: Float32Array, w: Float32Array, g: ConvGeometry): Float32Array {
  const { C, N } = g;
  const mult = N / C;
  const acc = scratch(0, g.B * g.oH * g.oW * N);
  acc.fill(0, 0, g.B * g.oH * g.oW * N);
  if (mult === 1) {
    eachTap(g, (xOff, wOff, yOff) => {
      for (let d = 0; d < N; d++) acc[yOff + d] += x[xOff + d] * w[wOff + d];
    });
  } else {
    eachTap(g, (xOff, wOff, yOff) => {
      for (let c = 0, d = 0; c < C; c++) {
        const xv = x[xOff + c];
        for (let q = 0; q < mult; q++, d++) acc[yOff + d] += xv * w[wOff + d];
      }
    });
  }
  const y = new Float32Array(g.B * g.oH * g.oW * N);
  for (let i = 0; i < y.length; i++) y[i] = acc[i];
  return y;
}

function convInfo(
  xShape: number[], filterShape: number[], strides: [number, number] | number, dilations: [number, number] | number,
  pad: DepthwiseConv2dNativeAttrs['pad'], dimRoundingMode?: 'floor' | 'round' | 'ceil',
): ConvGeometry {
  return geometry(tf.backend_util.computeConv2DInfo(
    xShape as [number, number, number, number], filterShape as [number, number, number, number],
    strides, dilations ?? 1, pad, dimRoundingMode, true));
}

export const depthwiseConv2dNative: FastKernel = (args) => {
  const { x, filter } = args.inputs as { x: TensorInfo; filter: TensorInfo };
  const a = args.attrs as unknown as DepthwiseConv2dNativeAttrs;
  const xv = floatValues(args, x);
  const wv = floatValues(args, filter);
  if (xv == null || wv == null || a.dataFormat === 'NCHW') return null;
  const g = convInfo(x.shape, filter.shape, a.strides, a.dilations, a.pad, a.dimRoundingMode);
  if (degenerate(g)) return null;
  return backendOf(args).makeTensorInfo([g.B, g.oH, g.oW, g.N], 'float32', depthwiseForward(xv, wv, g));
};

export const fusedDepthwiseConv2D: FastKernel = (args) => {
  const { filter } = args.inputs as { filter: TensorInfo };
  const outChannels = filter.shape[2] * filter.shape[3];
  const epilogue = readEpilogue(args, outChannels);
  if (epilogue == null) return null;
  const out = depthwiseConv2dNative(args);
  if (out == null) return null;
  applyEpilogue(backendOf(args).data.get(out.dataId).values as Float32Array, outChannels, epilogue);
  return out;
};

export const depthwiseConv2dNativeBackpropFilter: FastKernel = (args) => {
  const { x, dy } = args.inputs as { x: TensorInfo; dy: TensorInfo };
  const a = args.attrs as unknown as DepthwiseConv2dNativeBackpropFilterAttrs;
  const xv = floatValues(args, x);
  const dyv = floatValues(args, dy);
  if (xv == null || dyv == null) return null;
  const g = convInfo(x.shape, a.filterShape, a.strides, a.dilations, a.pad, a.dimRoundingMode);
  if (degenerate(g)) return null;
  const { C, N } = g;
  const mult = N / C;
  const size = g.fh * g.fw * N;
  const acc = scratch(0, size);
  acc.fill(0, 0, size);
  eachTap(g, (xOff, wOff, yOff) => {
    for (let c = 0, d = 0; c < C; c++) {
      const xval = xv[xOff + c];
      for (let q = 0; q < mult; q++, d++) acc[wOff + d] += xval * dyv[yOff + d];
    }
  });
  const dw = new Float32Array(size);
  for (let i = 0; i < size; i++) dw[i] = acc[i];
  return backendOf(args).makeTensorInfo(a.filterShape, 'float32', dw);
};

export const depthwiseConv2dNativeBackpropInput: FastKernel = (args) => {
  const { dy, filter } = args.inputs as { dy: TensorInfo; filter: TensorInfo };
  const a = args.attrs as unknown as DepthwiseConv2dNativeBackpropInputAttrs;
  const dyv = floatValues(args, dy);
  const wv = floatValues(args, filter);
  if (dyv == null || wv == null) return null;
  const g = convInfo(a.inputShape, filter.shape, a.strides, a.dilations, a.pad, a.dimRoundingMode);
  if (degenerate(g)) return null;
  const { C, N } = g;
  const mult = N / C;
  const size = g.B * g.H * g.W * C;
  const acc = scratch(0, size);
  acc.fill(0, 0, size);
  eachTap(g, (xOff, wOff, yOff) => {
    for (let c = 0, d = 0; c < C; c++) {
      let s = 0;
      for (let q = 0; q < mult; q++, d++) s += dyv[yOff + d] * wv[wOff + d];
      acc[xOff + c] += s;
    }
  });
  const dx = new Float32Array(size);
  for (let i = 0; i < size; i++) dx[i] = acc[i];
  return backendOf(args).makeTensorInfo(a.inputShape, 'float32', dx);
};

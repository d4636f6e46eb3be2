import * as tf from '@tensorflow/tfjs';
import type { GatherV2Attrs, TensorInfo } from '@tensorflow/tfjs';
import { backendOf, type FastKernel } from './cpu-backend';

// model.fit slices every batch out of the whole data set with gather on axis 0;
// the stock kernel converts every element's flat index to coordinates and back.
// Gathering whole rows is a plain copy.

type Values = Float32Array | Int32Array | Uint8Array;

function typedValues(args: Parameters<FastKernel>[0], t: TensorInfo): Values | null {
  const v = backendOf(args).data.get(t.dataId).values;
  return v instanceof Float32Array || v instanceof Int32Array || v instanceof Uint8Array ? v : null;
}

export const gatherV2: FastKernel = (args) => {
  const { x, indices } = args.inputs as { x: TensorInfo; indices: TensorInfo };
  const a = args.attrs as unknown as GatherV2Attrs;
  if ((a.batchDims ?? 0) !== 0 || x.dtype === 'complex64' || x.dtype === 'string' || x.shape.length === 0) return null;
  if (tf.util.parseAxisParam(a.axis, x.shape)[0] !== 0) return null;
  const xv = typedValues(args, x);
  const iv = typedValues(args, indices);
  if (xv == null || iv == null) return null;
  const rows = x.shape[0];
  for (let i = 0; i < iv.length; i++) {
    const index = iv[i];
    tf.util.assert(index <= rows - 1 && index >= 0, () => `GatherV2: the index value ${index} is not in [0, ${rows - 1}]`);
  }
  const rowSize = rows === 0 ? 0 : xv.length / rows;
  const out = xv instanceof Float32Array ? new Float32Array(iv.length * rowSize)
    : xv instanceof Int32Array ? new Int32Array(iv.length * rowSize) : new Uint8Array(iv.length * rowSize);
  if (rowSize >= 32) {
    for (let i = 0; i < iv.length; i++) out.set(xv.subarray(iv[i] * rowSize, (iv[i] + 1) * rowSize), i * rowSize);
  } else {
    for (let i = 0, o = 0; i < iv.length; i++) {
      const s = iv[i] * rowSize;
      for (let j = 0; j < rowSize; j++) out[o++] = xv[s + j];
    }
  }
  return backendOf(args).makeTensorInfo([...indices.shape, ...x.shape.slice(1)], x.dtype, out);
};

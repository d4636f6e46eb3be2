import * as tfModule from '@tensorflow/tfjs';
import type * as tfjs from '@tensorflow/tfjs';
import type { TrainSettings } from '../../lib/queue/contract';
import type { Tf } from './backend';
import { activeNative, nativeGeometry } from './kernels/native';

// Most course models are a plain chain of Conv2D / MaxPooling2D / Flatten /
// Dense / Dropout ending in a softmax. For those, a whole training step (forward,
// backward, optimizer) runs inside the native addon (native/src/trainer.cc): the
// per-kernel overhead of tfjs's engine, which costs more than the arithmetic of a
// small model, disappears. The weights start from the tfjs model's and are copied
// back into it when training ends, so evaluation, the leaderboard and a retry see
// the same model. Any other model trains through tfjs and its kernels.

interface NativeTrainerHandle {
  step(x: Float32Array, labels: Int32Array, n: number, out: Float64Array): void;
  read(i: number, out: Float32Array): void;
  finite(): boolean;
  profile(): Float64Array;
  dispose(): void;
}
type TrainerCtor = new (maxBatch: number, inSize: number, layers: object[], params: Float32Array[], optimizer: object, seed: number) => NativeTrainerHandle;

const KIND = { conv: 0, pool: 1, dense: 2, dropout: 3, flatten: 4 } as const;
const OPTIMIZER = { sgd: 0, adam: 1, rmsprop: 2 } as const;

export interface NativeStepper {
  /** one training step on the first n examples; returns [mean loss, accuracy] */
  step(x: Float32Array, labels: Int32Array, n: number): [number, number];
  finite(): boolean;
  /** copies the trained weights into the tfjs model */
  writeBack(): void;
  /** CPU milliseconds spent so far per phase: each layer's forward and backward, the loss, the update */
  profile(): Map<string, number>;
  /** frees the native buffers (a long-lived worker should not wait for the garbage collector) */
  dispose(): void;
}

interface LayerLike {
  getClassName(): string;
  getConfig(): Record<string, unknown>;
  getWeights(): tfjs.Tensor[];
  setWeights(w: tfjs.Tensor[]): void;
  trainable: boolean;
  inboundNodes: { inboundLayers: unknown[] }[];
}

/** Why this model cannot train natively, or the plan of native layers and the weights they own. */
function plan(model: tfjs.LayersModel, batch: number): { layers: object[]; owners: LayerLike[]; names: string[]; inSize: number } | string {
  const all = model.layers as unknown as LayerLike[];
  const input = all[0];
  if (!input || input.getClassName() !== 'InputLayer') return 'the model does not start with an input layer';
  const inShape = (input.getConfig().batchInputShape as (number | null)[]).slice(1) as number[];
  let shape: number[] = inShape;
  if (shape.length !== 3 && shape.length !== 1) return `input shape ${JSON.stringify(shape)}`;
  const size = (s: number[]) => s.reduce((a, b) => a * b, 1);
  const layers: object[] = [];
  const owners: LayerLike[] = [];
  let paramCount = 0;
  const names: string[] = [];
  for (let i = 1; i < all.length; i++) {
    const l = all[i]!;
    const c = l.getConfig();
    const name = l.getClassName();
    if (l.inboundNodes.length !== 1 || l.inboundNodes[0]!.inboundLayers.length !== 1 || l.inboundNodes[0]!.inboundLayers[0] !== all[i - 1]) {
      return 'the model is not a plain chain of layers';
    }
    if (!l.trainable && l.getWeights().length) return `layer ${String(c.name)} is frozen`;
    const inSize = size(shape);
    const last = i === all.length - 1;
    names.push(`${name} ${String(c.name)}`);
    const activation = String(c.activation ?? 'linear');
    // Parameter indices in the order of the owners' getWeights(): kernel, then bias when there is one.
    const weights = () => {
      const w = paramCount;
      paramCount += c.useBias ? 2 : 1;
      owners.push(l);
      return { w, b: c.useBias ? w + 1 : -1, bias: Boolean(c.useBias) };
    };
    if (name === 'Conv2D') {
      const dil = c.dilationRate as number[];
      if (shape.length !== 3 || c.dataFormat !== 'channelsLast' || dil.some((d) => d !== 1) || !['relu', 'linear'].includes(activation) || last) {
        return `conv layer ${String(c.name)} (needs NHWC, no dilation, relu or linear)`;
      }
      const k = c.kernelSize as number[];
      const info = tfModule.backend_util.computeConv2DInfo([batch, shape[0]!, shape[1]!, shape[2]!], [k[0]!, k[1]!, shape[2]!, c.filters as number],
        c.strides as [number, number], 1, c.padding as 'same' | 'valid', undefined, false, 'channelsLast');
      shape = [info.outHeight, info.outWidth, info.outChannels];
      if (size(shape) <= 0) return `conv layer ${String(c.name)} has an empty output`;
      const geom = Int32Array.from(nativeGeometry({
        B: batch, H: info.inHeight, W: info.inWidth, C: info.inChannels, oH: info.outHeight, oW: info.outWidth, N: info.outChannels,
        fh: info.filterHeight, fw: info.filterWidth, sH: info.strideHeight, sW: info.strideWidth, dH: 1, dW: 1, padTop: info.padInfo.top, padLeft: info.padInfo.left,
      }));
      layers.push({ kind: KIND.conv, in: inSize, out: size(shape), relu: activation === 'relu', geom, ...weights() });
    } else if (name === 'MaxPooling2D') {
      if (shape.length !== 3 || c.dataFormat !== 'channelsLast' || last) return `max pool layer ${String(c.name)}`;
      const info = tfModule.backend_util.computePool2DInfo([batch, shape[0]!, shape[1]!, shape[2]!], c.poolSize as [number, number],
        (c.strides ?? c.poolSize) as [number, number], 1, c.padding as 'same' | 'valid');
      shape = [info.outHeight, info.outWidth, info.outChannels];
      if (size(shape) <= 0) return `max pool layer ${String(c.name)} has an empty output`;
      const geom = Int32Array.of(batch, info.inHeight, info.inWidth, info.inChannels, info.outHeight, info.outWidth,
        info.filterHeight, info.filterWidth, info.strideHeight, info.strideWidth, info.padInfo.top, info.padInfo.left);
      layers.push({ kind: KIND.pool, in: inSize, out: size(shape), geom });
    } else if (name === 'Flatten') {
      shape = [inSize];
      layers.push({ kind: KIND.flatten, in: inSize, out: inSize });
    } else if (name === 'Dropout') {
      const rate = Number(c.rate);
      if (c.noiseShape != null || !(rate >= 0 && rate < 1) || last) return `dropout layer ${String(c.name)}`;
      layers.push({ kind: KIND.dropout, in: inSize, out: inSize, rate });
    } else if (name === 'Dense') {
      if (shape.length !== 1) return `dense layer ${String(c.name)} on an input of rank ${shape.length + 1}`;
      const want = last ? ['softmax'] : ['relu', 'linear'];
      if (!want.includes(activation)) return `dense layer ${String(c.name)} with activation ${activation}${last ? ' (the last layer must be a softmax)' : ''}`;
      shape = [c.units as number];
      layers.push({ kind: KIND.dense, in: inSize, out: shape[0], relu: activation === 'relu', softmax: last, ...weights() });
    } else {
      return `layer type ${name}`;
    }
  }
  if (!layers.length) return 'the model has no layers';
  return { layers, owners, names, inSize: size(inShape) };
}

function seedNumber(seed: string | number): number {
  let h = 2166136261;
  for (const ch of String(seed)) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
  return h;
}

/**
 * A native stepper for this model and these settings, or the reason it trains through tfjs instead
 * (not the cpu backend with the addon, or a layer the native trainer does not have).
 */
export function nativeStepper(opts: {
  tf: Tf;
  model: tfjs.LayersModel;
  settings: TrainSettings;
  batchSize: number;
  seed: string | number;
}): NativeStepper | string {
  const native = activeNative() as (ReturnType<typeof activeNative> & { Trainer?: TrainerCtor }) | null;
  if (!native?.Trainer) return 'the native addon is not active';
  if (opts.tf.engine() !== tfModule.engine() || opts.tf.getBackend() !== 'cpu') return 'not the cpu backend';
  const p = plan(opts.model, opts.batchSize);
  if (typeof p === 'string') return p;
  const tensors = p.owners.flatMap((l) => l.getWeights());
  const params = tensors.map((t) => t.dataSync() as Float32Array);
  const optimizer = { kind: OPTIMIZER[opts.settings.optimizer], lr: opts.settings.learningRate, eps: tfModule.backend().epsilon() };
  let trainer: NativeTrainerHandle;
  try {
    trainer = new native.Trainer(opts.batchSize, p.inSize, p.layers, params, optimizer, seedNumber(opts.seed));
  } catch (e) {
    // A plan the addon refuses is our bug, not the student's: train through tfjs rather than fail the job.
    return `the addon refused the plan: ${(e as Error).message}`;
  }
  const out = new Float64Array(2);
  return {
    step(x, labels, n) {
      trainer.step(x, labels, n, out);
      return [out[0]!, out[1]!];
    },
    finite: () => trainer.finite(),
    dispose: () => trainer.dispose(),
    profile() {
      const ns = trainer.profile();
      const phases = [...p.names.flatMap((n) => [`${n} forward`, `${n} backward`]), 'softmax + cross-entropy', `${opts.settings.optimizer} update`];
      return new Map(phases.map((name, i) => [name, ns[i]! / 1e6]));
    },
    writeBack() {
      let i = 0;
      for (const layer of p.owners) {
        const current = layer.getWeights();
        const next = current.map((t) => {
          const values = new Float32Array(t.size);
          trainer.read(i++, values);
          return tfModule.tensor(values, t.shape);
        });
        layer.setWeights(next);
        tfModule.dispose(next);
      }
    },
  };
}

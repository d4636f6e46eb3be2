import type * as tfjs from '@tensorflow/tfjs';
import { createRng } from '../../lib/grading/rng';
import type { JobProgress, TrainSettings } from '../../lib/queue/contract';
import type { Tf } from './backend';
import { gatherImages, IMAGE_SIZE, type MnistSplit } from './mnist';
import { FusedAdam, fusedAdamAvailable } from './kernels/adam';
import { isModelFault } from './model-fault';
import { nativeStepper, type NativeStepper } from './native-trainer';

// Mini-batch training with budgets. We drive batches ourselves (trainOnBatch)
// rather than model.fit so the wall-time budget, the NaN check and the abort
// signal are looked at between every two batches, and the shuffle is seeded.

export interface HistoryPoint {
  /** fractional epochs: 0.5 = half way through the first epoch */
  epoch: number;
  loss: number | null;
  accuracy: number | null;
  /** on the held-out validation slice, at the end of each epoch */
  valLoss?: number | null;
  valAccuracy?: number | null;
}

/**
 * Validation images: the last tenth of the training split (at most 1,000),
 * never trained on and never the test set, which stays unseen until scoring.
 */
export const MAX_VALIDATION = 1000;
export function validationSlice(trainImages: number): { start: number; count: number } {
  const count = Math.min(MAX_VALIDATION, Math.floor(trainImages / 10));
  return { start: trainImages - count, count };
}

export type StopReason = 'completed' | 'time' | 'nan';

export interface TrainOutcome {
  history: HistoryPoint[];
  /** mean training loss/accuracy per finished (or partial last) epoch */
  epochs: HistoryPoint[];
  stoppedBy: StopReason;
  message: string;
  seconds: number;
  imagesSeen: number;
  epochsRun: number;
  /** what ran the steps: "native trainer" or "tfjs engine" (with why the native trainer did not) */
  engine: string;
}

export class TrainingAborted extends Error {
  name = 'AbortError';
}

/**
 * A training step failed with an error that is the model's fault (see isModelFault),
 * e.g. a gradient tfjs does not implement: the student's to change, and a retry
 * would fail the same way. Any other failure is rethrown as it was, for a retry.
 */
export class ModelStepError extends Error {
  name = 'ModelStepError';
}

export async function trainModel(opts: {
  tf: Tf;
  model: tfjs.LayersModel;
  train: MnistSplit;
  trainCount: number;
  inputShape: number[];
  settings: TrainSettings;
  epochs: number;
  maxSeconds: number;
  seed?: number | string;
  onProgress?: (p: JobProgress) => void | Promise<void>;
  signal?: AbortSignal;
  /** "tfjs" keeps every step in tfjs even where the native trainer could run it (tests, benchmarks) */
  engine?: 'auto' | 'tfjs';
  /** receives the native trainer's CPU ms per phase when it ran (benchmarks) */
  onNativeProfile?: (ms: Map<string, number>) => void;
}): Promise<TrainOutcome> {
  const { tf, model, train, settings } = opts;
  const val = validationSlice(train.count);
  const n = Math.min(opts.trainCount, val.start);
  const batchSize = Math.min(settings.batchSize, n);
  const batches = Math.ceil(n / batchSize);
  const optimizer = makeOptimizer(tf, settings);
  model.compile({ optimizer, loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  const native: NativeStepper | string =
    opts.engine === 'tfjs' ? 'asked for the tfjs engine' : nativeStepper({ tf, model, settings, batchSize, seed: opts.seed ?? 'convgrade-train' });
  const engine = typeof native === 'string' ? `tfjs engine (native trainer: ${native})` : 'native trainer';
  // Reused per batch by the native trainer: no allocation in its loop.
  const xBuffer = typeof native === 'string' ? undefined : new Float32Array(batchSize * IMAGE_SIZE);
  const labelBuffer = new Int32Array(batchSize);
  const rng = createRng(opts.seed ?? 'convgrade-train');
  const history: HistoryPoint[] = [];
  const epochStats: HistoryPoint[] = [];
  const chunk = Math.max(1, Math.floor(batches / 10));
  const started = performance.now();
  const elapsed = () => (performance.now() - started) / 1000;
  let lastReport = 0;
  let imagesSeen = 0;
  let stoppedBy: StopReason = 'completed';
  let message = '';

  const report = async (p: Omit<JobProgress, 'phase'>) => {
    lastReport = performance.now();
    await opts.onProgress?.({ phase: 'training', epochs: opts.epochs, batches, history: [...history], ...p });
  };

  try {
    epochLoop: for (let epoch = 0; epoch < opts.epochs; epoch++) {
      const order = shuffled(n, rng);
      let chunkLoss = 0;
      let chunkAcc = 0;
      let chunkCount = 0;
      let epochLoss = 0;
      let epochAcc = 0;
      let epochCount = 0;
      const closeEpoch = () => {
        if (!epochCount) return;
        const v = stoppedBy === 'nan' ? null : validate(tf, model, train, val, opts.inputShape);
        epochStats.push({ epoch: epoch + 1, loss: epochLoss / epochCount, accuracy: epochAcc / epochCount, ...v });
        // The curve gets the validation point at the end of this epoch's training.
        const last = history[history.length - 1];
        if (v && last) Object.assign(last, v);
      };
      for (let b = 0; b < batches; b++) {
        if (opts.signal?.aborted) throw new TrainingAborted('training aborted');
        if (imagesSeen > 0 && elapsed() >= opts.maxSeconds) {
          stoppedBy = 'time';
          message = `stopped at the ${opts.maxSeconds} s wall-time budget after ${fmtEpochs(epoch + b / batches)} epochs (${imagesSeen.toLocaleString('en-US')} images); scored as far as it got`;
          closeEpoch();
          break epochLoop;
        }
        const idx = order.subarray(b * batchSize, Math.min(n, (b + 1) * batchSize));
        for (let i = 0; i < idx.length; i++) labelBuffer[i] = train.labels[idx[i]!]!;
        const out =
          typeof native === 'string'
            ? await tfjsStep(tf, model, train, idx, labelBuffer.slice(0, idx.length), opts.inputShape, imagesSeen === 0)
            : native.step(gatherImages(train, idx, xBuffer), labelBuffer, idx.length);
        const [loss, acc] = Array.isArray(out) ? out : [out, NaN];
        imagesSeen += idx.length;
        const atChunkEnd = (b + 1) % chunk === 0 || b === batches - 1;
        // The cross-entropy clips probabilities, so a dead model can show a finite loss;
        // its weights, once Infinity or NaN, tell the truth.
        const badWeights = Number.isFinite(loss!) && atChunkEnd && !(typeof native === 'string' ? weightsFinite(tf, model) : native.finite());
        if (!Number.isFinite(loss!) || badWeights) {
          stoppedBy = 'nan';
          const what = badWeights ? 'the weights became NaN or infinite' : `the loss became ${String(loss)}`;
          message =
            `training diverged: ${what} at epoch ${epoch + 1}, batch ${b + 1} of ${batches}. ` +
            `Try a lower learning rate (${settings.learningRate} now), another optimizer, or check layers that can divide by zero (e.g. a tiny batch_normalization epsilon).`;
          history.push({ epoch: round3(epoch + (b + 1) / batches), loss: null, accuracy: null });
          closeEpoch();
          break epochLoop;
        }
        chunkLoss += loss!;
        chunkAcc += acc!;
        chunkCount++;
        epochLoss += loss!;
        epochAcc += acc!;
        epochCount++;
        if (atChunkEnd) {
          history.push({ epoch: round3(epoch + (b + 1) / batches), loss: chunkLoss / chunkCount, accuracy: chunkAcc / chunkCount });
          chunkLoss = chunkAcc = chunkCount = 0;
        }
        if (atChunkEnd || performance.now() - lastReport > 1000) await report({ epoch: epoch + 1, batch: b + 1 });
      }
      closeEpoch();
    }
  } finally {
    if (typeof native !== 'string') {
      try {
        native.writeBack();
        opts.onNativeProfile?.(native.profile());
      } finally {
        native.dispose();
      }
    }
    optimizer.dispose();
  }
  const seconds = elapsed();
  if (stoppedBy === 'completed') {
    message = `trained ${opts.epochs} epoch${opts.epochs === 1 ? '' : 's'} on ${n.toLocaleString('en-US')} images in ${seconds.toFixed(1)} s`;
  }
  return { history, epochs: epochStats, stoppedBy, message, seconds, imagesSeen, epochsRun: round3(imagesSeen / n), engine };
}

/** One trainOnBatch step through tfjs; a failure that is the model's fault becomes a ModelStepError. */
async function tfjsStep(
  tf: Tf, model: tfjs.LayersModel, train: MnistSplit, idx: Uint32Array, labels: Int32Array, inputShape: number[], first: boolean,
): Promise<number | number[]> {
  if (first) probeGradients(tf, model, train, idx.subarray(0, 1), inputShape);
  const xs = tf.tensor(gatherImages(train, idx), [idx.length, ...inputShape]);
  const ys = tf.tidy(() => tf.oneHot(tf.tensor1d(labels, 'int32'), 10).toFloat());
  try {
    return await model.trainOnBatch(xs, ys);
  } catch (e) {
    releaseFailedTape(tf);
    // Not only the first step: the last batch holds n % batchSize images, a shape no
    // earlier step had. The message, not the step, says whose fault it is.
    if (isModelFault(e)) throw new ModelStepError((e as Error).message);
    throw e;
  } finally {
    xs.dispose();
    ys.dispose();
  }
}

/**
 * One forward and backward pass on one image, inside tf.tidy, before the first real step.
 * A gradient tfjs lacks fails here instead of in trainOnBatch, where the failure leaves
 * the loss and the accuracy scalar (tfjs-layers keep()s it) alive with no way to reach
 * them, two tensors per failed job for the life of the worker. tidy is synchronous, so
 * unlike a scope held across trainOnBatch's awaits it cannot catch another job's tensors
 * (TRAIN_CONCURRENCY may be above 1). Inference mode, so batch normalization's moving
 * statistics stay as they are; the real step remains the judge of what it alone exercises.
 */
function probeGradients(tf: Tf, model: tfjs.LayersModel, train: MnistSplit, idx: Uint32Array, inputShape: number[]): void {
  const vars = model.trainableWeights.map((w) => w.read() as tfjs.Variable);
  if (!vars.length) return;
  try {
    tf.tidy(() => {
      const x = tf.tensor(gatherImages(train, idx), [idx.length, ...inputShape]);
      tf.variableGrads(() => tf.sum(model.apply(x, { training: false }) as tfjs.Tensor) as tfjs.Scalar, vars);
    });
  } catch (e) {
    releaseFailedTape(tf);
    if (isModelFault(e)) throw new ModelStepError((e as Error).message);
    throw e;
  }
}

/** Loss and accuracy on the validation slice, in inference mode; nothing of it is kept. */
function validate(tf: Tf, model: tfjs.LayersModel, train: MnistSplit, val: { start: number; count: number }, inputShape: number[]) {
  if (val.count === 0) return null;
  const idx = Uint32Array.from({ length: val.count }, (_, i) => val.start + i);
  const labels = Int32Array.from(idx, (i) => train.labels[i]!);
  const [loss, acc] = tf.tidy(() => {
    const xs = tf.tensor(gatherImages(train, idx), [idx.length, ...inputShape]);
    const ys = tf.oneHot(tf.tensor1d(labels, 'int32'), 10).toFloat();
    const out = model.evaluate(xs, ys, { batchSize: 250 });
    return (Array.isArray(out) ? out : [out]).map((t) => t.dataSync()[0]!);
  });
  const finite = (x: number | undefined) => (x !== undefined && Number.isFinite(x) ? x : null);
  return { valLoss: finite(loss), valAccuracy: finite(acc) };
}

/**
 * tfjs's engine.gradients() frees the tensors its tape saved for the backward pass
 * only when the backward pass succeeds; after a throw they stay alive for the life of
 * the process. A long-lived worker must not keep them, so free them here.
 */
function releaseFailedTape(tf: Tf): void {
  const state = (tf.engine() as unknown as { state?: { gradientDepth?: number; activeTape?: { saved?: tfjs.Tensor[] }[] | null } }).state;
  if (!state || state.gradientDepth !== 0 || !state.activeTape) return;
  for (const node of state.activeTape) for (const t of node.saved ?? []) t.dispose();
  state.activeTape = null;
}

function weightsFinite(tf: Tf, model: tfjs.LayersModel): boolean {
  const total = tf.tidy(() => tf.addN(model.trainableWeights.map((w) => w.read().abs().sum())));
  const v = total.dataSync()[0]!;
  total.dispose();
  return Number.isFinite(v);
}

function makeOptimizer(tf: Tf, s: TrainSettings): tfjs.Optimizer {
  switch (s.optimizer) {
    case 'sgd':
      return tf.train.sgd(s.learningRate);
    case 'rmsprop':
      return tf.train.rmsprop(s.learningRate);
    case 'adam':
      // The same maths in one native kernel per variable when the addon runs the cpu backend.
      return fusedAdamAvailable(tf) ? new FusedAdam(s.learningRate) : tf.train.adam(s.learningRate);
  }
}

function shuffled(n: number, rng: ReturnType<typeof createRng>): Uint32Array {
  const a = new Uint32Array(n);
  for (let i = 0; i < n; i++) a[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    const t = a[i]!;
    a[i] = a[j]!;
    a[j] = t;
  }
  return a;
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;
const fmtEpochs = (x: number) => (Math.round(x * 100) / 100).toString();

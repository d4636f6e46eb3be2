import type * as tfjs from '@tensorflow/tfjs';
import { summarizeTests, ungradable, type GradeResult, type TestResult } from '../../lib/grading/results';
import { formatSummary, parseModelSubmission, readTfjsModelJson, type ModelSummary } from '../../lib/model';
import type { JobProgress, TrainJob } from '../../lib/queue/contract';
import { renderText } from '../../lib/i18n/render';
import { selectBackend, type BackendChoice } from './backend';
import { buildModel } from './build-model';
import { evaluateModel, type Evaluation } from './evaluate';
import { loadModelExercise, type ModelExercise } from './exercise-settings';
import { loadMnist } from './mnist';
import { isModelFault } from './model-fault';
import { ModelStepError, trainModel, type TrainOutcome } from './train-loop';
import { loadUploadedWeights, WeightsError } from './upload-weights';

// One train-queue job: validate the submitted model exactly as the web form did,
// build it, train it within the exercise's budgets (or load uploaded weights),
// score it on the hidden test halves and report a GradeResult. The student's
// faults come back as results; anything else throws so BullMQ retries.

export interface RunTrainJobOptions {
  onProgress?: (p: JobProgress) => void | Promise<void>;
  signal?: AbortSignal;
  /** train on the first N training images (default: the exercise's trainLimit, else all 60,000) */
  trainLimit?: number;
  /** override the exercise's budgets */
  budgets?: { maxEpochs?: number; maxSeconds?: number; maxParams?: number };
  backend?: BackendChoice;
  /** points and settings; default: read exercises/<exerciseId>/exercise.yaml */
  exercise?: ModelExercise;
  log?: (line: string) => void;
}

export async function runTrainJob(job: TrainJob, opts: RunTrainJobOptions = {}): Promise<GradeResult> {
  const exercise = opts.exercise ?? loadModelExercise(job.exerciseId);
  const { settings, points } = exercise;
  const budgets = {
    maxEpochs: opts.budgets?.maxEpochs ?? settings.budgets.maxEpochs,
    maxSeconds: opts.budgets?.maxSeconds ?? settings.budgets.maxSeconds,
    maxParams: opts.budgets?.maxParams ?? settings.budgets.maxParams,
    maxLayers: settings.budgets.maxLayers,
  };
  await opts.onProgress?.({ phase: 'starting', message: 'checking the model' });

  const parsed = parseModelSubmission({
    format: job.model.format,
    content: job.model.content,
    limits: { maxParams: budgets.maxParams, maxLayers: budgets.maxLayers },
  });
  // Stored with the result and read later by anyone, so in English, as the worker writes everything.
  if (!parsed.ok) return ungradable({ maxScore: points, errors: parsed.errors.map((e) => renderText(e)) });
  const { graph, summary } = parsed;
  const summaryText = formatSummary(summary);
  const inputShape = summary.inputShape;

  const rt = await selectBackend({ backend: opts.backend, log: opts.log });
  const { tf } = rt;
  const data = await loadMnist();
  const trainCount = Math.min(opts.trainLimit ?? settings.trainLimit ?? data.train.count, data.train.count);

  let model: tfjs.LayersModel | undefined;
  try {
    try {
      model = buildModel(tf, graph);
      // One forward pass on a blank image: a layer tfjs cannot run fails here, as the
      // student's fault, rather than in the middle of evaluation where it would look like ours.
      const m = model;
      tf.tidy(() => void m.predict(tf.zeros([1, ...inputShape])));
    } catch (e) {
      // Validation passed, so a refusal tfjs words as such is a combination it does not do:
      // the student's to change. Anything else (memory, libtensorflow) is ours and retries.
      if (!isModelFault(e)) throw e;
      return ungradable({ maxScore: points, errors: [`the model could not be built: ${(e as Error).message}`] });
    }

    let outcome: TrainOutcome;
    const epochsNote: string[] = [];
    if (job.model.format === 'tfjs') {
      const manifest = readTfjsModelJson(JSON.parse(job.model.content));
      if (!manifest.ok) return ungradable({ maxScore: points, errors: [renderText(manifest.error)] });
      try {
        loadUploadedWeights({ tf, model, manifest: manifest.value.weightsManifest, files: job.model.weights ?? {} });
      } catch (e) {
        if (e instanceof WeightsError) return ungradable({ maxScore: points, errors: [e.message] });
        throw e;
      }
      outcome = { history: [], epochs: [], stoppedBy: 'completed', message: 'evaluated the uploaded weights (no training)', seconds: 0, imagesSeen: 0, epochsRun: 0, engine: 'no training' };
    } else {
      const epochs = Math.min(job.settings.epochs, budgets.maxEpochs);
      if (epochs < job.settings.epochs) epochsNote.push(`epochs capped at ${epochs} by the exercise budget (asked for ${job.settings.epochs})`);
      await opts.onProgress?.({ phase: 'training', epoch: 0, epochs, message: `training on ${rt.description}` });
      try {
        outcome = await trainModel({
          tf,
          model,
          train: data.train,
          trainCount,
          inputShape,
          settings: job.settings,
          epochs,
          maxSeconds: budgets.maxSeconds,
          seed: `${job.submissionId}`,
          onProgress: opts.onProgress,
          signal: opts.signal,
        });
      } catch (e) {
        if (e instanceof ModelStepError) {
          return ungradable({ maxScore: points, errors: [`the model could not be trained with TensorFlow.js: ${e.message}`] });
        }
        throw e;
      }
    }

    let evaluation: Evaluation | undefined;
    if (outcome.stoppedBy !== 'nan') {
      await opts.onProgress?.({ phase: 'evaluating', history: outcome.history, message: 'scoring on the test images' });
      evaluation = await evaluateModel({ tf, model, test: data.test, inputShape, signal: opts.signal });
    }
    const result = gradeResult({ exercise, summary, summaryText, outcome, evaluation, notes: epochsNote, backend: `${rt.description}; ${outcome.engine}`, trainCount, format: job.model.format });
    await opts.onProgress?.({ phase: 'done', history: outcome.history, message: result.output.split('\n')[0] });
    return result;
  } finally {
    model?.dispose();
  }
}

function gradeResult(o: {
  exercise: ModelExercise;
  summary: ModelSummary;
  summaryText: string;
  outcome: TrainOutcome;
  evaluation?: Evaluation;
  notes: string[];
  backend: string;
  trainCount: number;
  format: TrainJob['model']['format'];
}): GradeResult {
  const { outcome, evaluation, exercise } = o;
  const pct = (x: number) => `${(x * 100).toFixed(2)}%`;
  const tests: TestResult[] = [
    { name: 'Model is valid and builds', score: 0, max_score: 0, status: 'passed', output: o.summaryText, visibility: 'visible' },
  ];
  const trainingLine = [outcome.message, ...o.notes].join('; ');
  tests.push({
    name: outcome.stoppedBy === 'nan' ? 'Training diverged (loss is NaN or infinite)' : 'Training finished',
    score: 0,
    max_score: 0,
    status: outcome.stoppedBy === 'nan' ? 'failed' : 'passed',
    output: trainingLine,
    visibility: 'visible',
  });
  // Cumulative thresholds: each test is worth the step up from the previous one, so the
  // total is the share of the highest threshold reached, and each step shows as a test.
  const accuracy = evaluation?.publicAccuracy ?? 0;
  const sorted = [...exercise.settings.thresholds].sort((a, b) => a.minAccuracy - b.minAccuracy);
  let previous = 0;
  for (const t of sorted) {
    const step = Math.max(0, t.fraction - previous);
    previous = Math.max(previous, t.fraction);
    const passed = accuracy >= t.minAccuracy;
    tests.push({
      name: `Public accuracy ≥ ${pct(t.minAccuracy)}`,
      score: passed ? step * exercise.points : 0,
      max_score: step * exercise.points,
      status: passed ? 'passed' : 'failed',
      output: evaluation ? `public accuracy ${pct(accuracy)}` : 'not scored: training diverged',
      visibility: 'visible',
    });
  }
  const seconds = outcome.seconds;
  const imagesPerSecond = seconds > 0 ? outcome.imagesSeen / seconds : 0;
  const lines = [
    evaluation ? `Public accuracy ${pct(evaluation.publicAccuracy)} on 5,000 hidden test images.` : 'Not scored: training diverged.',
    trainingLine,
    `${o.summary.totalParams.toLocaleString('en-US')} parameters; backend ${o.backend}` +
      (seconds > 0 ? `; ${seconds.toFixed(1)} s, ${Math.round(imagesPerSecond)} images/s` : ''),
  ];
  const result = summarizeTests({
    tests,
    output: lines.join('\n'),
    executionTime: seconds + (evaluation?.seconds ?? 0),
    extra: {
      history: outcome.history,
      epochHistory: outcome.epochs,
      // privateAccuracy must stay hidden from students until the reveal (see lib/model/leaderboard.ts).
      publicAccuracy: evaluation?.publicAccuracy ?? null,
      privateAccuracy: evaluation?.privateAccuracy ?? null,
      testAccuracy: evaluation?.testAccuracy ?? null,
      params: o.summary.totalParams,
      backend: o.backend,
      seconds,
      imagesPerSecond,
      evaluationSeconds: evaluation?.seconds ?? 0,
      trainImages: o.format === 'tfjs' ? 0 : o.trainCount,
      epochsRun: outcome.epochsRun,
      stoppedBy: outcome.stoppedBy,
      summary: o.summaryText,
    },
  });
  if (evaluation) {
    result.leaderboard = [
      { name: 'Public accuracy', value: round(evaluation.publicAccuracy, 4), order: 'desc' },
      { name: 'Parameters', value: o.summary.totalParams, order: 'asc' },
      { name: 'Training seconds', value: round(seconds, 1), order: 'asc' },
    ];
  }
  return result;
}

const round = (x: number, d: number) => Math.round(x * 10 ** d) / 10 ** d;

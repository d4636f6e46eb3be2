import { z } from 'zod';
import type { Db } from '../db';
import type { SessionUser } from '../auth/roles';
import { ZExerciseMeta, modelSettings } from '../exercises/schema';
import { MAX_MODEL_BYTES, MAX_SOURCE_BYTES, ZTrainSettings } from '../queue/contract';
import { enqueueSubmission, queueForKind, type Queues } from '../queue/producer';
import { recordResult } from '../queue/recorder';
import { variantSeed } from '../exercises/numeric';
import type { ExerciseRegistry } from '../exercises/registry';
import { parseModelSubmission, checkTrainingChoice, checkTfjsWeightFiles, readTfjsModelJson, modelPayload } from '../model';
import { AppError } from '../errors';
import { formatIssues } from '../forms/messages';
import { admitAttempt, submissionTiming } from './policy';
import { checkAuthoredSubmission } from './authored';
import { exerciseForStudent, insertSubmission, type InsertedSubmission, type NewSubmission } from './submit-queries';

/** The model form's labels for the training settings. */
const TRAINING_LABELS = { optimizer: 'Optimizer', learningRate: 'Learning rate', batchSize: 'Batch size', epochs: 'Epochs' };
import { ZLanguage, ZModelFormat } from '../vocabulary';
import type { Limiters } from '../rate-limit/limiter';
import { countExerciseUse } from '../rate-limit/exercise-limits';

// The one entry point for every kind of submission. The row is written before
// any job, so nothing is lost if Redis is down: the student sees "queued" and
// the reconciler sends it once Redis is back.

const ZCodeBody = z.object({
  language: ZLanguage,
  source: z.string(),
  mode: z.enum(['visible', 'submit']).default('submit'),
});
const ZModelBody = z.object({
  format: ZModelFormat,
  content: z.string(),
  weights: z.record(z.string(), z.string()).optional(),
  settings: z.unknown().optional(),
});

export interface SubmitOutcome {
  submissionId: string;
  status: string;
  queued: boolean;
}

export async function submitWork(opts: {
  db: Db;
  queues: Queues;
  /** the exercise modules (numeric variants): lib imports no exercise content */
  exercises: ExerciseRegistry;
  user: SessionUser;
  exerciseId: string;
  body: unknown;
  now?: Date;
  /** per-hour limits on numeric answers and visible-test runs (the web app always passes them) */
  limits?: Limiters;
}): Promise<SubmitOutcome> {
  const { db, user } = opts;
  const now = opts.now ?? new Date();
  const found = await exerciseForStudent(db, opts.exerciseId, user.id);
  if (!found || found.exercise.archived) throw new AppError('not_found', `There is no exercise "${opts.exerciseId}".`);
  const { exercise, extension } = found;
  const meta = ZExerciseMeta.parse(JSON.parse(exercise.meta));
  const body = (opts.body ?? {}) as Record<string, unknown>;
  const late = submissionTiming({ exercise, extension, at: now });
  if (late.status === 'closed') throw new AppError('conflict', `The deadline for “${exercise.title}” has passed; submissions are closed.`);

  if (exercise.kind === 'numeric') {
    // Editor-made exercises are graded against the version the student started.
    const { check, version } =
      exercise.source === 'editor'
        ? await checkAuthoredSubmission({ db, userId: user.id, exercise, raw: body.answer ?? body })
        : { check: opts.exercises.numeric.checkNumericAnswer({ exerciseId: exercise.id, seed: variantSeed(user.id, exercise.id), raw: body.answer ?? body }), version: exercise.version };
    if (check.kind === 'invalid') throw new AppError('invalid_input', 'Some answers are not numbers; nothing was counted.', { fieldErrors: check.errors });
    if (opts.limits) await countExerciseUse({ limits: opts.limits, use: 'answer', userId: user.id, exercise });
    const sub = await admitAttempt({
      db,
      user,
      exercise,
      at: now,
      create: (attemptSeq) =>
        insertSubmission(db, {
          userId: user.id,
          exerciseId: exercise.id,
          exerciseVersion: version,
          kind: 'numeric',
          // The parsed fields only: whatever else was posted is dropped, never stored.
          payload: JSON.stringify(check.values),
          status: 'running',
          latePenalty: late.penalty,
          createdAt: now,
          attemptSeq,
        }),
    });
    await recordResult({ db, submissionId: sub.id, run: 1, result: check.result });
    return { submissionId: sub.id, status: 'graded', queued: false };
  }

  if (exercise.kind === 'code') {
    const parsed = ZCodeBody.safeParse(body);
    if (!parsed.success) throw new AppError('invalid_input', 'Choose a language and paste your code.');
    const { language, source, mode } = parsed.data;
    if (!meta.languages.includes(language)) {
      throw new AppError('invalid_input', `This exercise accepts ${meta.languages.join(', ')}, not ${language}.`);
    }
    if (!source.trim()) throw new AppError('invalid_input', 'Your code is empty.');
    if (Buffer.byteLength(source) > MAX_SOURCE_BYTES) {
      throw new AppError('too_large', `Your code is ${Math.ceil(Buffer.byteLength(source) / 1024)} KiB; the limit is ${MAX_SOURCE_BYTES / 1024} KiB.`);
    }
    if (mode === 'visible' && opts.limits) await countExerciseUse({ limits: opts.limits, use: 'visible-run', userId: user.id, exercise });
    return createAndEnqueue({
      db,
      queues: opts.queues,
      admit: (create) => admitAttempt({ db, user, exercise, at: now, create }),
      data: {
        userId: user.id,
        exerciseId: exercise.id,
        exerciseVersion: exercise.version,
        kind: 'code',
        mode,
        language,
        payload: source,
        latePenalty: mode === 'submit' ? late.penalty : 0,
        createdAt: now,
      },
    });
  }

  if (exercise.kind === 'model') {
    const parsed = ZModelBody.safeParse(body);
    if (!parsed.success) throw new AppError('invalid_input', 'Choose a model format and paste or upload your model.');
    const { format, content, weights } = parsed.data;
    const size = Buffer.byteLength(content) + Object.values(weights ?? {}).reduce((s, w) => s + w.length * 0.75, 0);
    if (size > MAX_MODEL_BYTES) {
      throw new AppError('too_large', `Your model is ${(size / 1048576).toFixed(1)} MiB; the limit is ${MAX_MODEL_BYTES / 1048576} MiB.`);
    }
    const bounds = modelSettings(meta);
    const model = parseModelSubmission({ format, content, limits: { maxParams: bounds.budgets.maxParams, maxLayers: bounds.budgets.maxLayers } });
    if (!model.ok) throw new AppError('invalid_input', `Your model was not accepted:\n${model.errors.join('\n')}`);
    if (format === 'tfjs') {
      // A missing or truncated shard would otherwise only be found by the worker, after queueing.
      const m = readTfjsModelJson(JSON.parse(content));
      const weightErrors = m.ok ? checkTfjsWeightFiles({ manifest: m.value.weightsManifest, files: weights ?? {} }) : [m.error];
      if (weightErrors.length) throw new AppError('invalid_input', `Your weight files were not accepted:\n${weightErrors.join('\n')}`);
    }
    const settings = ZTrainSettings.safeParse({ ...bounds.training.defaults, ...(parsed.data.settings ?? {}) });
    if (!settings.success) {
      const { message, fieldErrors } = formatIssues(settings.error.issues, { labels: TRAINING_LABELS, input: parsed.data.settings });
      throw new AppError('invalid_input', `Training settings: ${message}`, { fieldErrors });
    }
    const choiceErrors = format === 'tfjs' ? [] : checkTrainingChoice({ settings: bounds, choice: settings.data });
    if (choiceErrors.length > 0) throw new AppError('invalid_input', `Training settings: ${choiceErrors.join('; ')}.`);
    return createAndEnqueue({
      db,
      queues: opts.queues,
      admit: (create) => admitAttempt({ db, user, exercise, at: now, create }),
      data: {
        userId: user.id,
        exerciseId: exercise.id,
        exerciseVersion: exercise.version,
        kind: 'model',
        payload: modelPayload({ model: { format, content, weights }, settings: settings.data }),
        latePenalty: late.penalty,
        createdAt: now,
      },
    });
  }
  throw new AppError('invalid_input', `Exercises of kind "${exercise.kind}" cannot be submitted here.`);
}

async function createAndEnqueue(opts: {
  db: Db;
  queues: Queues;
  admit: (create: (attemptSeq: number) => Promise<InsertedSubmission>) => Promise<InsertedSubmission>;
  data: Omit<NewSubmission, 'status' | 'attemptSeq' | 'sentTo'>;
}): Promise<SubmitOutcome> {
  // The row says it went out and only a failed add is written back: one write per submission, not two.
  const sentTo = queueForKind(opts.data.kind)!;
  const create = (attemptSeq: number | null) => insertSubmission(opts.db, { ...opts.data, status: 'queued', attemptSeq, sentTo });
  // Visible-test runs cost no attempt.
  const sub = opts.data.mode === 'visible' ? await create(null) : await opts.admit(create);
  const queued = await enqueueSubmission({ db: opts.db, queues: opts.queues, submission: sub, markedSent: true });
  return { submissionId: sub.id, status: 'queued', queued };
}

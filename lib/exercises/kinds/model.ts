import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { AppError } from '../../errors';
import { msg } from '../../i18n/message';
import { formatIssues } from '../../forms/messages';
import { MAX_MODEL_BYTES, QUEUE_TRAIN, ZTrainJob, ZTrainSettings } from '../../queue/contract';
import { ZModelFormat } from '../../vocabulary';
import { parseModelSubmission, checkTrainingChoice, checkTfjsWeightFiles, readTfjsModelJson, modelPayload, formatSummary } from '../../model';
import { safeJson } from '../../submissions/submitted-work-types';
import { promptIn } from '../load';
import { modelSettings } from '../schema';
import type { ExerciseKindModule } from './contract';

// Model exercises: a CNN (Keras JSON, our layer spec or tfjs weights) checked
// against the exercise's budgets here, then trained and scored by a worker
// (queue "train"). Scored models compete on a leaderboard, capped per day.

const ZModelBody = z.object({
  format: ZModelFormat,
  content: z.string(),
  weights: z.record(z.string(), z.string()).optional(),
  settings: z.unknown().optional(),
});

/** The model form's labels for the training settings. */
// As the model form names them (messages/*.json trainingChoice).
const TRAINING_LABELS = {
  optimizer: msg('trainingChoice.optimizerLabel'),
  learningRate: msg('trainingChoice.learningRateLabel'),
  batchSize: msg('trainingChoice.batchSizeLabel'),
  epochs: msg('trainingChoice.epochsLabel'),
};

export const model: ExerciseKindModule<'model'> = {
  kind: 'model',
  queue: QUEUE_TRAIN,
  hourlyUse: null,
  leaderboard: true,
  similarity: false,
  // The schema defaults it to 5, the number the form promises; null would silently mean unlimited.
  dailyCap: (meta) => meta.settings.dailyCap,

  async prepareSubmission({ user, exercise, meta, body, latePenalty, now }) {
    const parsed = ZModelBody.safeParse(body);
    if (!parsed.success) throw new AppError('invalid_input', msg('apiErrors.submit.modelMissing'));
    const { format, content, weights } = parsed.data;
    const size = Buffer.byteLength(content) + Object.values(weights ?? {}).reduce((s, w) => s + w.length * 0.75, 0);
    if (size > MAX_MODEL_BYTES) {
      throw new AppError('too_large', msg('apiErrors.submit.modelTooLarge', { size: (size / 1048576).toFixed(1), limit: MAX_MODEL_BYTES / 1048576 }));
    }
    const bounds = meta.settings;
    const parsedModel = parseModelSubmission({ format, content, limits: { maxParams: bounds.budgets.maxParams, maxLayers: bounds.budgets.maxLayers } });
    if (!parsedModel.ok) throw new AppError('invalid_input', msg('apiErrors.submit.modelRejected', { errors: parsedModel.errors }));
    if (format === 'tfjs') {
      // A missing or truncated shard would otherwise only be found by the worker, after queueing.
      const m = readTfjsModelJson(JSON.parse(content));
      const weightErrors = m.ok ? checkTfjsWeightFiles({ manifest: m.value.weightsManifest, files: weights ?? {} }) : [m.error];
      if (weightErrors.length) throw new AppError('invalid_input', msg('apiErrors.submit.weightsRejected', { errors: weightErrors }));
    }
    const settings = ZTrainSettings.safeParse({ ...bounds.training.defaults, ...(parsed.data.settings ?? {}) });
    if (!settings.success) {
      const { text, fieldTexts } = formatIssues(settings.error.issues, { labels: TRAINING_LABELS, input: parsed.data.settings });
      throw new AppError('invalid_input', [msg('apiErrors.submit.trainingSettings'), text], { fieldTexts });
    }
    const choiceErrors = format === 'tfjs' ? [] : checkTrainingChoice({ settings: bounds, choice: settings.data });
    if (choiceErrors.length > 0) throw new AppError('invalid_input', [msg('apiErrors.submit.trainingSettings'), ...choiceErrors]);
    return {
      row: {
        userId: user.id,
        exerciseId: exercise.id,
        exerciseVersion: exercise.version,
        kind: 'model',
        payload: modelPayload({ model: { format, content, weights }, settings: settings.data }),
        latePenalty,
        createdAt: now,
      },
      use: null,
    };
  },

  jobPayload(sub) {
    const stored = JSON.parse(sub.payload) as { model: unknown; settings: unknown };
    return {
      queue: QUEUE_TRAIN,
      data: ZTrainJob.parse({
        submissionId: sub.id,
        run: sub.run,
        exerciseId: sub.exerciseId,
        exerciseVersion: sub.exerciseVersion,
        model: stored.model,
        settings: stored.settings,
      }),
    } as const;
  },

  async submittedWork({ submission }) {
    const p = safeJson(submission.payload) as { model?: { format?: string; content?: string }; settings?: Record<string, unknown> } | null;
    const format = p?.model?.format ?? 'unknown';
    const content = p?.model?.content ?? '';
    if (format !== 'keras' && format !== 'spec' && format !== 'tfjs') return { kind: 'model', format, summary: null, summaryError: [msg('work.storedModelUnreadable')], settings: p?.settings ?? null };
    const parsed = parseModelSubmission({ format, content });
    return {
      kind: 'model',
      format,
      summary: parsed.ok ? formatSummary(parsed.summary) : null,
      summaryError: parsed.ok ? null : parsed.errors,
      settings: p?.settings ?? null,
    };
  },

  // Trained again, behind new student work (see enqueueSubmission's `regrade`).
  regrade: async () => ({ requeue: true }),

  async pageData({ info, locale, exercise }) {
    if (!info) return null;
    const starterFile = path.join(info.dir, 'starter.yaml');
    const starter = fs.existsSync(starterFile) ? fs.readFileSync(starterFile, 'utf8') : '';
    return { kind: 'model', prompt: promptIn(info, locale), starter, settings: modelSettings(info.meta), dailyCap: exercise.dailyCap };
  },
};

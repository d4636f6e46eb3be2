import { z } from 'zod';
import { ZGradeResult } from '../grading/results';
import { ZLanguage, ZModelFormat, ZOptimizer } from '../vocabulary';

// The only thing the app and the workers share. Both ends parse with these
// schemas: the producer before enqueueing, the worker before running, the
// recorder before writing.

export const QUEUE_GRADE = 'grade';
export const QUEUE_TRAIN = 'train';
/** Regrades go to the same queues with this priority, behind every new submission (BullMQ runs unprioritised jobs first). */
export const REGRADE_PRIORITY = 10;

export const MAX_SOURCE_BYTES = 256 * 1024;
export const MAX_MODEL_BYTES = 8 * 1024 * 1024;

/** Grading run of a submission: 1 at first, +1 per regrade. Results are keyed by (submission, run). */
const ZRun = z.number().int().min(1).default(1);

export const ZGradeJob = z.object({
  submissionId: z.string().min(1),
  run: ZRun,
  exerciseId: z.string().min(1),
  exerciseVersion: z.string().min(1),
  language: ZLanguage,
  source: z.string().max(MAX_SOURCE_BYTES, `source code is limited to ${MAX_SOURCE_BYTES / 1024} KiB`),
  /** "visible" runs only the tests a student may see before submitting */
  mode: z.enum(['visible', 'submit']).default('submit'),
});
export type GradeJob = z.infer<typeof ZGradeJob>;

export const ZTrainSettings = z.object({
  optimizer: ZOptimizer.default('adam'),
  learningRate: z.number().positive().max(10).default(0.001),
  batchSize: z.number().int().min(1).max(1024).default(32),
  epochs: z.number().int().min(1).max(100).default(1),
});
export type TrainSettings = z.infer<typeof ZTrainSettings>;

export const ZTrainJob = z.object({
  submissionId: z.string().min(1),
  run: ZRun,
  exerciseId: z.string().min(1),
  exerciseVersion: z.string().min(1),
  model: z.object({
    format: ZModelFormat,
    /** JSON or YAML text; for tfjs, the model.json text */
    content: z.string().max(MAX_MODEL_BYTES),
    /** tfjs weight files, base64, keyed by file name */
    weights: z.record(z.string(), z.string()).optional(),
  }),
  settings: ZTrainSettings,
});
export type TrainJob = z.infer<typeof ZTrainJob>;

/** What job.updateProgress carries; the submission page renders it live. */
export const ZJobProgress = z.object({
  phase: z.enum(['starting', 'running', 'training', 'evaluating', 'done']),
  message: z.string().optional(),
  epoch: z.number().int().optional(),
  epochs: z.number().int().optional(),
  batch: z.number().int().optional(),
  batches: z.number().int().optional(),
  history: z
    .array(
      z.object({
        epoch: z.number(),
        loss: z.number().nullable(),
        accuracy: z.number().nullable(),
        /** on a held-out slice of the training images, at epoch ends (absent from older workers) */
        valLoss: z.number().nullable().optional(),
        valAccuracy: z.number().nullable().optional(),
      }),
    )
    .optional(),
});
export type JobProgress = z.infer<typeof ZJobProgress>;

export const ZJobResult = ZGradeResult;

export type QueueName = typeof QUEUE_GRADE | typeof QUEUE_TRAIN;

/** Run 1 uses the submission id itself as job id; regrades get their own id. */
export function jobIdFor(submissionId: string, run: number): string {
  return run <= 1 ? submissionId : `${submissionId}-run${run}`;
}

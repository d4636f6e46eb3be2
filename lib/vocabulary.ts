import { z } from 'zod';

// The words every part of ConvGrade shares, defined once: the queue contract,
// the exercise schema, forms, the CLI and database code all take them from here.

/** Languages a code submission can be written in. */
export const ZLanguage = z.enum(['python', 'typescript', 'javascript']);
export type Language = z.infer<typeof ZLanguage>;

/** How a model is submitted: Keras `model.to_json()`, our layer spec, or trained tfjs weights. */
export const ZModelFormat = z.enum(['keras', 'spec', 'tfjs']);
export type ModelFormat = z.infer<typeof ZModelFormat>;

/** Optimizers a model exercise can offer. */
export const ZOptimizer = z.enum(['sgd', 'adam', 'rmsprop']);
export type Optimizer = z.infer<typeof ZOptimizer>;

/**
 * A submission's life: stored `queued` before its job exists, `running` while a
 * worker has it, then `graded` (a result is recorded, gradable or not) or
 * `failed` (the grader itself failed; the attempt does not count).
 */
export const ZSubmissionStatus = z.enum(['queued', 'running', 'graded', 'failed']);
export type SubmissionStatus = z.infer<typeof ZSubmissionStatus>;

/** Statuses of a submission still waiting for its result. */
export const PENDING_STATUSES = ['queued', 'running'] as const satisfies readonly SubmissionStatus[];

export function isPending(status: string): boolean {
  return (PENDING_STATUSES as readonly string[]).includes(status);
}

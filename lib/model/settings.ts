import { z } from 'zod';
import { ZOptimizer } from '../vocabulary';
import { msg, type Message } from '../i18n/message';

// The `settings:` block of a model exercise's exercise.yaml (ZExerciseMeta keeps
// settings free-form; this is what a `kind: model` exercise puts there). The web
// app reads it for the form bounds and the daily cap, the worker for budgets.

export const ZAccuracyThreshold = z.object({
  /** public accuracy in [0, 1] that earns this share */
  minAccuracy: z.number().min(0).max(1),
  /** share of the exercise's points, in [0, 1]; the highest threshold reached counts */
  fraction: z.number().min(0).max(1),
});
export type AccuracyThreshold = z.infer<typeof ZAccuracyThreshold>;

export const ZModelBudgets = z.object({
  maxEpochs: z.number().int().min(1).max(100).default(5),
  maxSeconds: z.number().positive().max(24 * 3600).default(600),
  maxParams: z.number().int().positive().default(1_000_000),
  maxLayers: z.number().int().positive().max(1000).default(100),
});
export type ModelBudgets = z.infer<typeof ZModelBudgets>;

export const ZMnistSettings = z.object({
  budgets: ZModelBudgets.default(() => ZModelBudgets.parse({})),
  thresholds: z
    .array(ZAccuracyThreshold)
    .min(1)
    .default([
      { minAccuracy: 0.9, fraction: 0.5 },
      { minAccuracy: 0.95, fraction: 0.75 },
      { minAccuracy: 0.98, fraction: 1 },
    ]),
  /** graded submissions per student per day */
  dailyCap: z.number().int().positive().default(5),
  /** IANA time zone whose midnight resets the daily cap */
  timeZone: z.string().default('UTC'),
  /** train on the first N of the 60,000 training images (null = all) */
  trainLimit: z.number().int().positive().max(60_000).nullable().default(null),
  /** what the form offers; ZTrainSettings in lib/queue/contract.ts bounds them further */
  training: z
    .object({
      optimizers: z.array(ZOptimizer).min(1).default([...ZOptimizer.options]),
      learningRate: z.object({ min: z.number().positive(), max: z.number().positive() }).default({ min: 1e-5, max: 1 }),
      batchSize: z.object({ min: z.number().int().positive(), max: z.number().int().positive() }).default({ min: 8, max: 256 }),
      defaults: z
        .object({
          optimizer: ZOptimizer.default('adam'),
          learningRate: z.number().positive().default(0.001),
          batchSize: z.number().int().positive().default(32),
          epochs: z.number().int().positive().default(1),
        })
        .default({ optimizer: 'adam', learningRate: 0.001, batchSize: 32, epochs: 1 }),
    })
    .default(() => ({
      optimizers: [...ZOptimizer.options],
      learningRate: { min: 1e-5, max: 1 },
      batchSize: { min: 8, max: 256 },
      defaults: { optimizer: 'adam' as const, learningRate: 0.001, batchSize: 32, epochs: 1 },
    })),
});
export type MnistSettings = z.infer<typeof ZMnistSettings>;

/** Form values outside the instructor's bounds, as messages (empty = acceptable). */
export function checkTrainingChoice(opts: {
  settings: MnistSettings;
  choice: { optimizer: string; learningRate: number; batchSize: number; epochs: number };
}): Message[] {
  const { training, budgets } = opts.settings;
  const c = opts.choice;
  // One sentence per problem, naming the field as the model form labels it (messages/*.json trainingChoice).
  const errors: Message[] = [];
  if (!(training.optimizers as string[]).includes(c.optimizer)) errors.push(msg('trainingChoice.optimizer', { choices: training.optimizers.join(', ') }));
  if (c.learningRate < training.learningRate.min || c.learningRate > training.learningRate.max) {
    errors.push(msg('trainingChoice.learningRate', { min: training.learningRate.min, max: training.learningRate.max }));
  }
  if (c.batchSize < training.batchSize.min || c.batchSize > training.batchSize.max) {
    errors.push(msg('trainingChoice.batchSize', { min: training.batchSize.min, max: training.batchSize.max }));
  }
  if (c.epochs < 1 || c.epochs > budgets.maxEpochs) errors.push(msg('trainingChoice.epochs', { max: budgets.maxEpochs }));
  return errors;
}

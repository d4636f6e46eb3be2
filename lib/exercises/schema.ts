import { z } from 'zod';

// The schema of every exercises/<id>/exercise.yaml. Limits have defaults so a
// minimal exercise file stays short.

export const ZLanguage = z.enum(['python', 'typescript', 'javascript']);
export type Language = z.infer<typeof ZLanguage>;

export const ZSandboxLimits = z.object({
  wallSeconds: z.number().positive().max(600).default(10),
  cpuSeconds: z.number().positive().max(600).default(10),
  memoryMiB: z.number().int().positive().max(8192).default(512),
  processes: z.number().int().positive().max(1024).default(64),
  outputKiB: z.number().int().positive().max(65536).default(1024),
});
export type SandboxLimits = z.infer<typeof ZSandboxLimits>;

export const ZExerciseMeta = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'ids are kebab-case'),
  title: z.string().min(1),
  week: z.number().int().min(1),
  kind: z.enum(['numeric', 'code', 'model']),
  points: z.number().positive(),
  languages: z.array(ZLanguage).default([]),
  limits: ZSandboxLimits.default(() => ZSandboxLimits.parse({})),
  /** attempts allowed (graded submissions); null = unlimited */
  maxAttempts: z.number().int().positive().nullable().default(null),
  /** relative tolerance for real-valued answers / outputs */
  tolerance: z.number().nonnegative().default(1e-6),
  /** ISO timestamp; optional */
  deadline: z.string().datetime({ offset: true }).optional(),
  /** free-form, kind-specific settings (e.g. model budgets) */
  settings: z.record(z.string(), z.unknown()).default({}),
});
export type ExerciseMeta = z.infer<typeof ZExerciseMeta>;

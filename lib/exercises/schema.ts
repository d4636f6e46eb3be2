import { z } from 'zod';
import { ZMnistSettings } from '../model/settings';
import { ZLanguage } from '../vocabulary';

// The schema of every exercises/<id>/exercise.yaml. Limits have defaults so a
// minimal exercise file stays short.

export { ZLanguage, type Language } from '../vocabulary';

export const ZSandboxLimits = z.object({
  wallSeconds: z.number().positive().max(600).default(10),
  cpuSeconds: z.number().positive().max(600).default(10),
  memoryMiB: z.number().int().positive().max(8192).default(512),
  processes: z.number().int().positive().max(1024).default(64),
  outputKiB: z.number().int().positive().max(65536).default(1024),
});
export type SandboxLimits = z.infer<typeof ZSandboxLimits>;

// Fields every kind shares. Every object is strict: a misspelt key in an
// exercise.yaml is an error naming the key, not a setting silently dropped.
const common = {
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'ids are kebab-case'),
  title: z.string().min(1),
  week: z.number().int().min(1),
  points: z.number().positive(),
  languages: z.array(ZLanguage).default([]),
  limits: z.strictObject(ZSandboxLimits.shape).default(() => ZSandboxLimits.parse({})),
  /** attempts allowed (graded submissions); null = unlimited */
  maxAttempts: z.number().int().positive().nullable().default(null),
  /** relative tolerance for real-valued answers / outputs */
  tolerance: z.number().nonnegative().default(1e-6),
  /** ISO timestamp; optional */
  deadline: z.string().datetime({ offset: true }).optional(),
};

export const ZNumericSettings = z.strictObject({
  /** absolute tolerance on top of the relative one, for answers near zero */
  absTolerance: z.number().nonnegative().optional(),
  /** made in the web editor (exercises/authored/<id>.json), not a folder */
  authored: z.boolean().optional(),
});

export const ZExerciseMeta = z.discriminatedUnion('kind', [
  z.strictObject({ ...common, kind: z.literal('numeric'), settings: ZNumericSettings.default({}) }),
  z.strictObject({ ...common, kind: z.literal('code'), settings: z.strictObject({}).default({}) }),
  z.strictObject({ ...common, kind: z.literal('model'), settings: ZMnistSettings.default(() => ZMnistSettings.parse({})) }),
]);
export type ExerciseMeta = z.infer<typeof ZExerciseMeta>;
export type ExerciseKind = ExerciseMeta['kind'];

/** A model exercise's typed settings; anything else asking for them is a bug, not a student's mistake. */
export function modelSettings(meta: ExerciseMeta) {
  if (meta.kind !== 'model') throw new Error(`exercise "${meta.id}" is a ${meta.kind} exercise, not a model one`);
  return meta.settings;
}

const ZMetaShared = z.object({ ...common, kind: z.enum(['numeric', 'code', 'model']) });

/**
 * Every problem with an exercise.yaml as "path: message". A wrong or missing `kind`
 * stops the discriminated schema at the first key, so the shared fields are checked
 * on their own too: an author sees everything to fix at once.
 */
export function exerciseMetaIssues(raw: unknown): string[] {
  const parsed = ZExerciseMeta.safeParse(raw);
  if (parsed.success) return [];
  const issues = [...parsed.error.issues, ...(ZMetaShared.safeParse(raw).error?.issues ?? [])];
  const lines = issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
  return [...new Set(lines)];
}

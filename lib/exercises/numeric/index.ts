import crypto from 'node:crypto';
import { promptIn, type ExerciseInfo } from '../load';
import { createRng } from '../../grading/rng';
import { gradeNumericAnswer, type AnswerValue, type NumericCheck } from '../../grading/numeric-grade';
import { renderTemplate } from './template';
import type { NumericExerciseDef, NumericVariant } from './types';
import { AppError } from '../../errors';

// The numeric exercises' API the web app and CLI call, over the definitions they
// pass in (the exercise registry, lib/exercises/registry.ts): lib never imports
// exercise content. Variants are pure functions of (exercise id, seed); prompt
// text, points and tolerance come from the exercise folder so instructors can
// edit them there.

export type { AnswerField, AnswerValue, NumericCheck, NumericVariant } from './types';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyNumericDef = NumericExerciseDef<any>;

export class UnknownNumericExerciseError extends AppError {
  constructor(readonly exerciseId: string, known: string[]) {
    super('unknown_exercise', `"${exerciseId}" is not a numeric exercise (known: ${known.join(', ')})`);
  }
}

/** Stable per (student, exercise); hashed so ids do not show through and students differ. */
export function variantSeed(userId: string, exerciseId: string): string {
  return crypto.createHash('sha256').update(`convgrade-variant\0${userId}\0${exerciseId}`).digest('hex').slice(0, 16);
}

export interface NumericBank {
  ids(): string[];
  has(id: string): boolean;
  variantParams(exerciseId: string, seed: string): Record<string, unknown>;
  /** the student's variant; the prompt is in `locale` when the folder has a prompt.<locale>.md */
  getVariant(exerciseId: string, seed: string, opts?: { locale?: string }): NumericVariant;
  correctAnswer(exerciseId: string, seed: string): Record<string, AnswerValue>;
  workedSolution(exerciseId: string, seed: string): string;
  checkNumericAnswer(opts: { exerciseId: string; seed: string; raw: unknown; revealSolution?: boolean }): NumericCheck;
}

/** The numeric API over these definitions (by folder id); `folder` reads an exercise's folder (the registry's, cached). */
export function numericBank(byId: ReadonlyMap<string, AnyNumericDef>, folderOf: (id: string) => ExerciseInfo | null): NumericBank {
  const ids = () => [...byId.keys()].sort();
  const defOf = (exerciseId: string): AnyNumericDef => {
    const def = byId.get(exerciseId);
    if (!def) throw new UnknownNumericExerciseError(exerciseId, ids());
    return def;
  };
  // The exercise id is mixed in so one seed text gives independent draws per exercise.
  const variantParams = (exerciseId: string, seed: string) => defOf(exerciseId).generate(createRng(`${exerciseId}\0${seed}`));
  // Prompt, points and tolerance are read from the folder at each call, so edits take effect at once.
  const folder = (exerciseId: string): ExerciseInfo => {
    const info = folderOf(exerciseId);
    if (!info) throw new UnknownNumericExerciseError(exerciseId, ids());
    return info;
  };

  return {
    ids,
    has: (id) => byId.has(id),
    variantParams,
    getVariant(exerciseId, seed, opts = {}) {
      const def = defOf(exerciseId);
      const params = variantParams(exerciseId, seed);
      return { seed, params, prompt: renderTemplate(promptIn(folder(exerciseId), opts.locale), def.promptValues(params)), fields: def.fields(params) };
    },
    correctAnswer: (exerciseId, seed) => defOf(exerciseId).answer(variantParams(exerciseId, seed)),
    workedSolution: (exerciseId, seed) => defOf(exerciseId).solution(variantParams(exerciseId, seed)),
    checkNumericAnswer(opts) {
      const def = defOf(opts.exerciseId);
      const { meta } = folder(opts.exerciseId);
      const params = variantParams(opts.exerciseId, opts.seed);
      const absolute = meta.kind === 'numeric' ? meta.settings.absTolerance : undefined;
      return gradeNumericAnswer({
        fields: def.fields(params),
        expected: def.answer(params),
        raw: opts.raw,
        points: meta.points,
        tolerance: { relative: meta.tolerance, absolute: typeof absolute === 'number' ? absolute : 0 },
        revealSolution: opts.revealSolution,
        solution: opts.revealSolution ? def.solution(params) : undefined,
        extra: { exerciseId: opts.exerciseId, seed: opts.seed },
      });
    },
  };
}

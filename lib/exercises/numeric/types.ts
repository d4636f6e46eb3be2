import type { Rng } from '../../grading/rng';
import type { AnswerField, AnswerValue } from '../../grading/numeric-grade';

// The contract between the numeric exercise folders, the registry and the web app.
// Field and check types live in lib/grading (which grades them) and are re-exported here.
export type { AnswerField, AnswerValue, NumericCheck } from '../../grading/numeric-grade';

export interface NumericVariant {
  seed: string;
  params: Record<string, unknown>;
  /** markdown + KaTeX ($...$, $$...$$) with the variant's numbers filled in */
  prompt: string;
  fields: AnswerField[];
}

/**
 * What each exercises/<id>/variant.ts exports. Params must be plain JSON. It names
 * no id: the registry binds it to the folder it was loaded from, so a folder copied
 * under a new name is a new exercise with no edit inside it.
 */
export interface NumericExerciseDef<P extends object = Record<string, unknown>> {
  /** draw one variant's parameters; the rng is seeded by (exercise, seed) */
  generate(rng: Rng): P;
  /** values for the {{placeholders}} of the folder's prompt.md */
  promptValues(params: P): Record<string, string | number>;
  fields(params: P): AnswerField[];
  answer(params: P): Record<string, AnswerValue>;
  /** markdown + KaTeX: the formula, the numbers plugged in, the result */
  solution(params: P): string;
}

/** Keeps each definition's own param type while letting the registry hold them together. */
export function defineNumericExercise<P extends object>(def: NumericExerciseDef<P>): NumericExerciseDef<P> {
  return def;
}

import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { exercisesRoot, loadExercise, promptIn, type ExerciseInfo } from '../load';
import { createRng } from '../../grading/rng';
import { gradeNumericAnswer, type AnswerValue, type NumericCheck } from '../../grading/numeric-grade';
import { renderTemplate } from './template';
import type { NumericExerciseDef, NumericVariant } from './types';
import { exercise as convOutputSize } from '../../../exercises/conv-output-size/variant';
import { exercise as convParamCount } from '../../../exercises/conv-param-count/variant';
import { exercise as denseParamCount } from '../../../exercises/dense-param-count/variant';
import { exercise as denseOnImage } from '../../../exercises/dense-on-image/variant';
import { exercise as separableConvCost } from '../../../exercises/separable-conv-cost/variant';
import { exercise as poolOutput } from '../../../exercises/pool-output/variant';
import { exercise as crossCorrelation } from '../../../exercises/cross-correlation/variant';
import { exercise as transposedConv } from '../../../exercises/transposed-conv/variant';
import { exercise as lenetShapes } from '../../../exercises/lenet-shapes/variant';
import { AppError } from '../../errors';

// The registry of numeric exercises and the API the web app and CLI call.
// Variants are pure functions of (exercise id, seed); prompt text, points and
// tolerance come from the exercise folder so instructors can edit them there.

export type { AnswerField, AnswerValue, NumericCheck, NumericVariant } from './types';

type AnyDef = NumericExerciseDef<any>;

const DEFS: AnyDef[] = [
  convOutputSize,
  convParamCount,
  denseParamCount,
  denseOnImage,
  separableConvCost,
  poolOutput,
  crossCorrelation,
  transposedConv,
  lenetShapes,
];
const BY_ID = new Map(DEFS.map((d) => [d.id, d]));

export class UnknownNumericExerciseError extends AppError {
  constructor(readonly exerciseId: string) {
    super('unknown_exercise', `"${exerciseId}" is not a numeric exercise (known: ${listNumericExerciseIds().join(', ')})`);
  }
}

export function listNumericExerciseIds(): string[] {
  return [...BY_ID.keys()].sort();
}

export function isNumericExercise(id: string): boolean {
  return BY_ID.has(id);
}

/** Stable per (student, exercise); hashed so ids do not show through and students differ. */
export function variantSeed(userId: string, exerciseId: string): string {
  return crypto.createHash('sha256').update(`convgrade-variant\0${userId}\0${exerciseId}`).digest('hex').slice(0, 16);
}

function defOf(exerciseId: string): AnyDef {
  const def = BY_ID.get(exerciseId);
  if (!def) throw new UnknownNumericExerciseError(exerciseId);
  return def;
}

/** The variant's parameters: the exercise id is mixed in so one seed text gives independent draws per exercise. */
export function variantParams(exerciseId: string, seed: string): Record<string, unknown> {
  return defOf(exerciseId).generate(createRng(`${exerciseId}\0${seed}`));
}

// Prompt and metadata are re-read only when their files change (the web editor
// may edit them), so a page view costs a directory listing and a few stat calls, not a folder hash.
const folderCache = new Map<string, { stamp: string; info: ExerciseInfo }>();

function folder(exerciseId: string): ExerciseInfo {
  const dir = path.join(exercisesRoot(), exerciseId);
  const files = ['exercise.yaml', ...(fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => /^prompt(\.[a-z]+)?\.md$/.test(f)).sort() : [])];
  const stamp = files.map((f) => `${f}:${fs.statSync(path.join(dir, f), { throwIfNoEntry: false })?.mtimeMs ?? 'none'}`).join('|');
  const hit = folderCache.get(dir);
  if (hit && hit.stamp === stamp) return hit.info;
  const info = loadExercise(dir);
  folderCache.set(dir, { stamp, info });
  return info;
}

/** The student's variant; the prompt is in `locale` when the folder has a prompt.<locale>.md. */
export function getVariant(exerciseId: string, seed: string, opts: { locale?: string } = {}): NumericVariant {
  const def = defOf(exerciseId);
  const params = variantParams(exerciseId, seed);
  return {
    seed,
    params,
    prompt: renderTemplate(promptIn(folder(exerciseId), opts.locale), def.promptValues(params)),
    fields: def.fields(params),
  };
}

export function correctAnswer(exerciseId: string, seed: string): Record<string, AnswerValue> {
  return defOf(exerciseId).answer(variantParams(exerciseId, seed));
}

export function workedSolution(exerciseId: string, seed: string): string {
  return defOf(exerciseId).solution(variantParams(exerciseId, seed));
}

export function checkNumericAnswer(opts: {
  exerciseId: string;
  seed: string;
  raw: unknown;
  revealSolution?: boolean;
}): NumericCheck {
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
}

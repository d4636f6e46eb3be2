import { z } from 'zod';
import { AppError } from '../../errors';
import { msg } from '../../i18n/message';
import { ungradable, type GradeResult } from '../../grading/results';
import { checkAuthoredAnswer, authoredVariant } from '../../authoring';
import { variantSeed, type NumericCheck } from '../numeric';
import type { AnswerField } from '../numeric/types';
import { authoredDefinition, authoredSolution, authoredVariantFor, checkAuthoredSubmission, regradeVersion } from '../../submissions/authored';
import { safeJson, type SubmittedWork } from '../../submissions/submitted-work-types';
import type { ExerciseKindModule } from './contract';

// Numeric exercises: each student's own numbers (variant.ts or an editor-made
// definition), graded field by field in the app the moment they are posted.
// No queue, no worker.

/** The answers as posted: `{ answer: { field: value } }`, or the fields themselves. */
const ZNumericBody = z.record(z.string(), z.unknown());

export const numeric: ExerciseKindModule<'numeric'> = {
  kind: 'numeric',
  queue: null,
  hourlyUse: 'answer',
  leaderboard: false,
  similarity: false,
  dailyCap: () => null,

  async prepareSubmission({ db, exercises, user, exercise, body, latePenalty, now }) {
    const parsed = ZNumericBody.safeParse(body);
    if (!parsed.success) throw new AppError('invalid_input', msg('apiErrors.submit.notNumbers'));
    const raw = parsed.data.answer ?? parsed.data;
    // Editor-made exercises are graded against the version the student started.
    const { check, version } =
      exercise.source === 'editor'
        ? await checkAuthoredSubmission({ db, userId: user.id, exercise, raw })
        : { check: exercises.numeric.checkNumericAnswer({ exerciseId: exercise.id, seed: variantSeed(user.id, exercise.id), raw }), version: exercise.version };
    if (check.kind === 'invalid') throw new AppError('invalid_input', msg('apiErrors.submit.notNumbers'), { fieldErrors: check.errors, fieldTexts: check.texts });
    return {
      row: {
        userId: user.id,
        exerciseId: exercise.id,
        exerciseVersion: version,
        kind: 'numeric',
        // The parsed fields only: whatever else was posted is dropped, never stored.
        payload: JSON.stringify(check.values),
        latePenalty,
        createdAt: now,
      },
      use: 'answer',
      result: check.result,
    };
  },

  jobPayload(sub) {
    throw new Error(`submissions of kind "${sub.kind}" are graded in the app, not queued`);
  },

  async submittedWork({ db, exercises, submission: sub }): Promise<SubmittedWork> {
    const raw = safeJson(sub.payload);
    const answer = raw && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
    const seed = variantSeed(sub.userId, sub.exerciseId);
    let fields: AnswerField[] = [];
    let prompt: string | null = null;
    try {
      // The variant this student answered: editor exercises keep the version the submission was graded against.
      const variant =
        sub.exercise.source === 'editor'
          ? authoredVariant(await authoredDefinition({ db, exerciseId: sub.exerciseId, version: sub.exerciseVersion }), seed)
          : exercises.numeric.has(sub.exerciseId)
            ? exercises.numeric.getVariant(sub.exerciseId, seed)
            : null;
      if (variant) {
        fields = variant.fields;
        prompt = variant.prompt;
      }
    } catch {
      // A definition that no longer loads: the answers are still shown, by field name.
    }
    const named = fields.length > 0 ? fields : Object.keys(answer).map((name) => ({ name, label: name, type: 'real' as const }));
    return {
      kind: 'numeric',
      prompt,
      answers: named.map((f) => ({ name: f.name, label: f.label, unit: 'unit' in f ? f.unit : undefined, value: showValue(answer[f.name]) })),
    };
  },

  // Regraded here from the stored payload, against the variant it answered.
  async regrade({ db, exercises, submission: sub }) {
    const seed = variantSeed(sub.userId, sub.exerciseId);
    const raw: unknown = JSON.parse(sub.payload);
    let result: GradeResult;
    try {
      if (sub.exercise.source === 'editor') {
        const { version, def } = await regradeVersion({ db, exercise: sub.exercise, submittedVersion: sub.exerciseVersion });
        if (version !== sub.exerciseVersion) await db.submission.update({ where: { id: sub.id }, data: { exerciseVersion: version } });
        result = asResult(checkAuthoredAnswer({ def, seed, raw }), sub.exercise.points);
      } else {
        result = asResult(exercises.numeric.checkNumericAnswer({ exerciseId: sub.exerciseId, seed, raw }), sub.exercise.points);
      }
    } catch (e) {
      // The exercise itself cannot grade this variant any more: recorded as not counted, never left queued.
      result = ungradable({ maxScore: sub.exercise.points, errors: [`regrade failed: ${(e as Error).message}`] });
    }
    return { result };
  },

  async pageData({ db, exercises, user, exercise, locale, closed }) {
    const seed = variantSeed(user.id, exercise.id);
    const authored = exercise.source === 'editor' ? await authoredVariantFor({ db, userId: user.id, exercise }) : null;
    const variant = authored ? authored.variant : exercises.numeric.getVariant(exercise.id, seed, { locale });
    // The worked solution waits until this student can no longer submit.
    const solution = !closed ? null : authored ? authoredSolution(authored.def, seed) : exercises.numeric.workedSolution(exercise.id, seed);
    return { kind: 'numeric', prompt: variant.prompt, fields: variant.fields, solution };
  },
};

function asResult(check: NumericCheck, points: number): GradeResult {
  if (check.kind === 'graded') return check.result;
  // The stored answer no longer fits the exercise (a field was renamed): not the student's fault, not counted.
  return ungradable({ maxScore: points, errors: Object.values(check.errors) });
}

function showValue(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (Array.isArray(v)) return v.map((row) => (Array.isArray(row) ? row.map((c) => String(c ?? '')).join('  ') : String(row))).join('\n');
  return String(v);
}

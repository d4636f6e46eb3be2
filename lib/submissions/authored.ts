import type { Db } from '../db';
import { ZAuthoredNumeric, authoredAnswer, authoredParams, authoredVariant, checkAuthoredAnswer, type AuthoredNumeric } from '../authoring';
import type { NumericCheck, NumericVariant } from '../exercises/numeric/types';
import { variantSeed } from '../exercises/numeric';
import { renderTemplate } from '../exercises/numeric/template';

// Editor-made numeric exercises (Exercise.source = 'editor'): the definition of
// every version lives in ExerciseVersion.definition, and a student keeps the
// version recorded in ExerciseStart when they first opened the exercise, so a
// later edit never changes their numbers or the answers they are graded against.

interface AuthoredExerciseRow {
  id: string;
  version: string;
}

/** The stored definition of one version; throws if it is missing (a bug, not a student error). */
export async function authoredDefinition(opts: { db: Db; exerciseId: string; version: string }): Promise<AuthoredNumeric> {
  const row = await opts.db.exerciseVersion.findUnique({ where: { exerciseId_version: { exerciseId: opts.exerciseId, version: opts.version } } });
  if (!row) throw new Error(`exercise ${opts.exerciseId} has no stored version ${opts.version}`);
  const stored = JSON.parse(row.definition) as { authored?: unknown };
  return ZAuthoredNumeric.parse(stored.authored ?? stored);
}

/** Records the version a student starts with (first call wins) and returns it. */
export async function startExercise(opts: { db: Db; userId: string; exercise: AuthoredExerciseRow }): Promise<string> {
  const start = await opts.db.exerciseStart.upsert({
    where: { userId_exerciseId: { userId: opts.userId, exerciseId: opts.exercise.id } },
    create: { userId: opts.userId, exerciseId: opts.exercise.id, version: opts.exercise.version },
    // a no-op update, not {}: Prisma then upserts with INSERT ... ON CONFLICT, which two
    // nodes can run at once (with {} it reads, then inserts, and the second fails on PostgreSQL)
    update: { userId: opts.userId },
  });
  return start.version;
}

/** The student's version without recording anything: their start, or the current version. */
export async function studentVersion(opts: { db: Db; userId: string; exercise: AuthoredExerciseRow }): Promise<string> {
  const start = await opts.db.exerciseStart.findUnique({ where: { userId_exerciseId: { userId: opts.userId, exerciseId: opts.exercise.id } } });
  return start?.version ?? opts.exercise.version;
}

export async function authoredVariantFor(opts: { db: Db; userId: string; exercise: AuthoredExerciseRow }): Promise<{
  version: string;
  def: AuthoredNumeric;
  variant: NumericVariant;
}> {
  const version = await startExercise(opts);
  const def = await authoredDefinition({ db: opts.db, exerciseId: opts.exercise.id, version });
  return { version, def, variant: authoredVariant(def, variantSeed(opts.userId, opts.exercise.id)) };
}

/** The worked solution with the student's numbers, or null when the exercise has none. */
export function authoredSolution(def: AuthoredNumeric, seed: string): string | null {
  if (!def.solution) return null;
  const params = authoredParams(def, seed);
  return renderTemplate(def.solution, { ...params, ...authoredAnswer(def, params) });
}

/** Grades an answer against the version the student started (starting it now if they never opened the page). */
export async function checkAuthoredSubmission(opts: { db: Db; userId: string; exercise: AuthoredExerciseRow; raw: unknown }): Promise<{
  version: string;
  check: NumericCheck;
}> {
  const version = await startExercise(opts);
  const def = await authoredDefinition({ db: opts.db, exerciseId: opts.exercise.id, version });
  return { version, check: checkAuthoredAnswer({ def, seed: variantSeed(opts.userId, opts.exercise.id), raw: opts.raw }) };
}

/**
 * Which version a regrade uses. A regrade usually follows a fix, so the
 * current version is used when it draws exactly the same numbers for the
 * student and asks for the same fields (same id, parameters, constraints and
 * field names); otherwise the student answered something else and keeps their
 * own version.
 */
export async function regradeVersion(opts: { db: Db; exercise: AuthoredExerciseRow; submittedVersion: string }): Promise<{ version: string; def: AuthoredNumeric }> {
  const own = await authoredDefinition({ db: opts.db, exerciseId: opts.exercise.id, version: opts.submittedVersion });
  if (opts.submittedVersion === opts.exercise.version) return { version: opts.submittedVersion, def: own };
  const current = await authoredDefinition({ db: opts.db, exerciseId: opts.exercise.id, version: opts.exercise.version });
  const draws = (d: AuthoredNumeric) => JSON.stringify([d.id, d.params, d.constraints, d.fields.map((f) => [f.name, f.type])]);
  return draws(current) === draws(own) ? { version: opts.exercise.version, def: current } : { version: opts.submittedVersion, def: own };
}

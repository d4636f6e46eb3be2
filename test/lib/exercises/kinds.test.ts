import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestDb } from '../../helpers/test-db';
import { sessionUser } from '../../helpers/fixtures';
import { correctAnswer, testExercises } from '../../helpers/exercises';
import { variantSeed } from '../../../lib/exercises/numeric';
import type { ExerciseInfo } from '../../../lib/exercises/load';
import { syncContent } from '../../../lib/sync/sync-content';
import { insertSubmission } from '../../../lib/submissions/submit-queries';
import { EXERCISE_KINDS, findKind, kinds, type AnyKindModule } from '../../../lib/exercises/kinds';
import { ZExerciseMeta, type ExerciseKind } from '../../../lib/exercises/schema';
import { QUEUE_GRADE, QUEUE_TRAIN, ZGradeJob, ZTrainJob } from '../../../lib/queue/contract';
import { AppError } from '../../../lib/errors';
import type { SessionUser } from '../../../lib/auth/roles';
import type { Db } from '../../../lib/db';

// The contract every exercise kind keeps (lib/exercises/kinds/contract.ts),
// checked on each kind's module with a real database and the real exercise
// folders: a kind added later is held to it without a new test.

let db: Db;
let student: SessionUser;
beforeAll(async () => {
  db = createTestDb().db;
  await syncContent({ db });
  student = await sessionUser(db, 'student');
});

/** The first exercise folder of a kind, as the database row and its exercise.yaml. */
async function exerciseOf(kind: ExerciseKind) {
  const info = testExercises.list().find((e) => e.meta.kind === kind);
  if (!info) throw new Error(`no exercise folder of kind ${kind}`);
  return { info, exercise: await db.exercise.findUniqueOrThrow({ where: { id: info.meta.id } }) };
}

/** A body a student could submit and pass the kind's checks with. */
function soundBody(kind: ExerciseKind, info: ExerciseInfo): Record<string, unknown> {
  if (kind === 'code') return { language: 'python', source: fs.readFileSync(path.join(info.dir, 'starter.py'), 'utf8') };
  if (kind === 'model') return { format: 'spec', content: fs.readFileSync(path.join(info.dir, 'starter.yaml'), 'utf8') };
  return { answer: correctAnswer(info.meta.id, variantSeed(student.id, info.meta.id)) };
}

async function prepare(mod: AnyKindModule, kind: ExerciseKind, body: Record<string, unknown>) {
  const { info, exercise } = await exerciseOf(kind);
  return mod.prepareSubmission({ db, exercises: testExercises, user: student, exercise, meta: info.meta, body, latePenalty: 0, now: new Date() });
}

describe('exercise kinds', () => {
  it('has one module for every kind exercise.yaml accepts, filed under its own name', () => {
    const schemaKinds = ZExerciseMeta.options.map((o) => o.shape.kind.value).sort();
    expect([...EXERCISE_KINDS].sort()).toEqual(schemaKinds);
    for (const k of EXERCISE_KINDS) expect(kinds[k].kind).toBe(k);
    expect(findKind('quiz')).toBeUndefined();
    expect(findKind('toString')).toBeUndefined();
  });

  it('finds a module for every exercise folder, and each queued kind names a queue of the contract', () => {
    const folders = testExercises.list();
    expect(folders.length).toBeGreaterThan(0);
    for (const f of folders) expect(findKind(f.meta.kind), f.meta.id).toBeDefined();
    for (const k of EXERCISE_KINDS) expect([null, QUEUE_GRADE, QUEUE_TRAIN]).toContain(kinds[k].queue);
  });

  it.each(EXERCISE_KINDS)('%s: a malformed body is a student error (invalid_input), never a crash', async (kind) => {
    const mod = kinds[kind] as AnyKindModule;
    for (const body of [{ language: 'cobol', source: 5, format: 7, content: null, answer: 'ten' }, { answer: { out: 'about ten' } }]) {
      const e = await prepare(mod, kind, body).then(
        () => null,
        (err: unknown) => err,
      );
      expect(e).toBeInstanceOf(AppError);
      expect((e as AppError).code).toBe('invalid_input');
    }
  });

  it.each(EXERCISE_KINDS)('%s: a sound body is graded at once or becomes a job its queue accepts', async (kind) => {
    const mod = kinds[kind] as AnyKindModule;
    const { info } = await exerciseOf(kind);
    const prepared = await prepare(mod, kind, soundBody(kind, info));
    expect(prepared.row.kind).toBe(kind);
    const stored = await insertSubmission(db, { ...prepared.row, status: 'queued', attemptSeq: null, sentTo: mod.queue ?? undefined });
    if (mod.queue === null) {
      // graded in the app: the result comes with the submission, and there is no job to build
      expect(prepared.result).toMatchObject({ gradable: true });
      expect(prepared.result!.score).toBe(prepared.result!.max_score);
      expect(() => mod.jobPayload(stored)).toThrow(/graded in the app/);
    } else {
      expect(prepared.result).toBeUndefined();
      const job = mod.jobPayload(stored);
      expect(job.queue).toBe(mod.queue);
      const schema = job.queue === QUEUE_GRADE ? ZGradeJob : ZTrainJob;
      expect(schema.parse(job.data)).toMatchObject({ submissionId: stored.id, run: 1, exerciseId: info.meta.id });
    }
    // what the submission page shows of it is of the same kind
    const row = await db.submission.findUniqueOrThrow({ where: { id: stored.id }, include: { exercise: true } });
    expect((await mod.submittedWork({ db, exercises: testExercises, submission: row })).kind).toBe(kind);
  });
});

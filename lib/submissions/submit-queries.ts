import crypto from 'node:crypto';
import type { Db } from '../db';
import { hotSql } from '../hot-sql';
import type { Exercise } from '../generated/prisma/client';
import type { jobPayload } from '../queue/producer';

// The submit path's queries as plain SQL, sent through lib/hot-sql.ts. At a
// deadline one web node runs each of them hundreds of times a second, and a
// Prisma model query spends about 1 ms of CPU in its query planner
// (bench/submit-burst.ts profiles the web server). Written once for both
// providers: quoted identifiers and bound parameters mean the same in SQLite
// and PostgreSQL, and DateTime and Boolean columns come back as Date and
// boolean, as the model API returns them.

export interface ExerciseForStudent {
  exercise: Exercise;
  /** this student's extension, if an instructor granted one */
  extension: { deadline: Date } | null;
}

/** The exercise and this student's extension, in one query. */
export async function exerciseForStudent(db: Db, exerciseId: string, userId: string): Promise<ExerciseForStudent | null> {
  const rows = await hotSql(db).rows<Exercise & { extensionDeadline: Date | null }>`
    SELECT e.*, x.deadline AS "extensionDeadline"
    FROM "Exercise" e LEFT JOIN "Extension" x ON x."exerciseId" = e.id AND x."userId" = ${userId}
    WHERE e.id = ${exerciseId}`;
  const row = rows[0];
  if (!row) return null;
  const { extensionDeadline, ...exercise } = row;
  return { exercise, extension: extensionDeadline ? { deadline: extensionDeadline } : null };
}

export interface CountedAttempt {
  attemptSeq: number | null;
  createdAt: Date;
  gradable: boolean | null;
  status: string;
}

/** The attempts this student has used on this exercise (visible-test runs are not attempts). */
export function countedAttempts(db: Db, userId: string, exerciseId: string): Promise<CountedAttempt[]> {
  return hotSql(db).rows<CountedAttempt>`
    SELECT "attemptSeq", "createdAt", gradable, status FROM "Submission"
    WHERE "userId" = ${userId} AND "exerciseId" = ${exerciseId} AND "attemptSeq" IS NOT NULL`;
}

export interface NewSubmission {
  userId: string;
  exerciseId: string;
  exerciseVersion: string;
  kind: 'numeric' | 'code' | 'model';
  mode?: 'submit' | 'visible';
  language?: string | null;
  payload: string;
  status: 'queued' | 'running';
  latePenalty: number;
  attemptSeq: number | null;
  createdAt: Date;
  /** written as already sent to this queue (see enqueueSubmission's `markedSent`) */
  sentTo?: string;
}

/** What the rest of the submit path reads back from the row it wrote: what a job is built from. */
export type InsertedSubmission = Parameters<typeof jobPayload>[0];

/**
 * Writes a submission; every column not named keeps its database default. A
 * taken `attemptSeq` fails with a unique violation (`isUniqueViolation`).
 */
export async function insertSubmission(db: Db, s: NewSubmission): Promise<InsertedSubmission> {
  const id = crypto.randomUUID();
  const mode = s.mode ?? 'submit';
  const language = s.language ?? null;
  const queue = s.sentTo ?? null;
  const enqueuedAt = s.sentTo ? s.createdAt : null;
  await hotSql(db).run`
    INSERT INTO "Submission" (id, "userId", "exerciseId", "exerciseVersion", kind, mode, language, payload, status, "latePenalty", "attemptSeq", queue, "enqueuedAt", "enqueueCount", "createdAt", "updatedAt")
    VALUES (${id}, ${s.userId}, ${s.exerciseId}, ${s.exerciseVersion}, ${s.kind}, ${mode}, ${language}, ${s.payload}, ${s.status}, ${s.latePenalty}, ${s.attemptSeq}, ${queue}, ${enqueuedAt}, ${s.sentTo ? 1 : 0}, ${s.createdAt}, ${s.createdAt})`;
  return { id, run: 1, exerciseId: s.exerciseId, exerciseVersion: s.exerciseVersion, kind: s.kind, mode, language, payload: s.payload };
}

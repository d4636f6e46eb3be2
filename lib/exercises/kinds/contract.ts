import type { Db } from '../../db';
import type { SessionUser } from '../../auth/roles';
import type { Exercise } from '../../generated/prisma/client';
import type { GradeResult } from '../../grading/results';
import type { GradeJob, QueueName, QUEUE_GRADE, QUEUE_TRAIN, TrainJob } from '../../queue/contract';
import type { CountedUse } from '../../rate-limit/exercise-limits';
import type { NewSubmission, InsertedSubmission } from '../../submissions/submit-queries';
import type { SubmittedWork } from '../../submissions/submitted-work-types';
import type { SubmissionView } from '../../submissions/view';
import type { ExerciseInfo } from '../load';
import type { AnswerField } from '../numeric/types';
import type { ExerciseRegistry } from '../registry';
import type { MnistSettings } from '../../model/settings';
import type { Language } from '../../vocabulary';
import type { ExerciseKind, ExerciseMeta } from '../schema';

// What differs per exercise kind on the server side, in one place. Each kind
// (numeric.ts, code.ts, model.ts) implements every member; index.ts maps kind
// to module, typed so a new kind that misses a member does not compile.
//
// Kind modules import no queue producer, submission view or submit entry point:
// those dispatch through the kinds, so an import back would be a cycle. What a
// kind needs from them comes in through its context (the page's `viewSubmission`).

export type MetaOf<K extends ExerciseKind> = Extract<ExerciseMeta, { kind: K }>;

/** The stored submission a job is built from (the Submission row). */
export type StoredSubmission = InsertedSubmission;

/** A job ready to add: the queue it goes to and its payload, parsed against lib/queue/contract.ts. */
export type QueuedJob = { readonly queue: typeof QUEUE_GRADE; readonly data: GradeJob } | { readonly queue: typeof QUEUE_TRAIN; readonly data: TrainJob };

export interface SubmitContext<K extends ExerciseKind> {
  db: Db;
  exercises: ExerciseRegistry;
  user: SessionUser;
  exercise: Exercise;
  meta: MetaOf<K>;
  /** what was posted, already checked to be an object */
  body: Record<string, unknown>;
  /** the late penalty this submission would carry */
  latePenalty: number;
  now: Date;
}

/**
 * A checked submission, not yet stored: submit.ts admits the attempt, writes the
 * row, then records `result` at once (graded inline) or sends the row to the
 * kind's queue.
 */
export interface PreparedSubmission {
  row: Omit<NewSubmission, 'status' | 'attemptSeq' | 'sentTo'>;
  /** the hourly limit this submission counts against, if any (counted before anything is stored) */
  use: CountedUse | null;
  /** set when the kind grades in the app: the result to record as run 1 */
  result?: GradeResult;
}

/** A submission row as the submission page and regrade read it, with its exercise. */
export interface SubmissionRow {
  id: string;
  userId: string;
  exerciseId: string;
  exerciseVersion: string;
  kind: string;
  language: string | null;
  payload: string;
  createdAt: Date;
  exercise: { id: string; source: string; points: number; version: string };
}

/** What a regrade does with one stored submission (already moved to its next run). */
export type RegradeStep = { requeue: true } | { result: GradeResult };

export interface PageContext {
  db: Db;
  exercises: ExerciseRegistry;
  user: SessionUser;
  exercise: Exercise;
  /** the exercise's folder; null for editor-made exercises and folders gone from disk */
  info: ExerciseInfo | null;
  locale: string;
  /** this student can no longer submit (worked solutions show from then on) */
  closed: boolean;
  /** this student's latest submissions, newest first */
  submissions: { id: string; kind: string; language: string | null; payload: string; createdAt: Date }[];
  timeZone: string;
  /** the submission view (passed in: the view module dispatches through the kinds) */
  viewSubmission: (submissionId: string) => Promise<SubmissionView>;
}

/** What the exercise page shows below the rules, per kind; null when there is nothing to show (no folder). */
export type ExercisePageData =
  | { kind: 'numeric'; prompt: string; fields: AnswerField[]; solution: string | null }
  | {
      kind: 'code';
      prompt: string;
      languages: Language[];
      starters: Partial<Record<Language, string>>;
      latest: { language: Language; source: string; when: string } | null;
      latestView: SubmissionView | null;
    }
  | { kind: 'model'; prompt: string; starter: string; settings: MnistSettings; dailyCap: number | null };

export interface ExerciseKindModule<K extends ExerciseKind> {
  kind: K;
  /** the queue its submissions are graded on; null = graded in the app, at once */
  queue: QueueName | null;
  /** the hourly limit the exercise page reports (numeric answers, visible-test runs), if any */
  hourlyUse: CountedUse | null;
  /** a student may choose which scored submission counts on the leaderboard (and instructors reveal it) */
  leaderboard: boolean;
  /** instructors get a similarity report of its submissions */
  similarity: boolean;
  /** the daily cap a new exercise row starts with, from exercise.yaml */
  dailyCap(meta: MetaOf<K>): number | null;
  /** check a submit request and turn it into a submission to store (refusals throw AppError) */
  prepareSubmission(ctx: SubmitContext<K>): Promise<PreparedSubmission>;
  /** the job for a stored submission; throws for a kind graded in the app */
  jobPayload(sub: StoredSubmission): QueuedJob;
  /** what the submission contained, for the submission page */
  submittedWork(ctx: { db: Db; exercises: ExerciseRegistry; submission: SubmissionRow }): Promise<SubmittedWork>;
  /** regrade one stored submission: grade it here, or send it back to its queue */
  regrade(ctx: { db: Db; exercises: ExerciseRegistry; submission: SubmissionRow }): Promise<RegradeStep>;
  /** what the exercise page needs to show the prompt and the form */
  pageData(ctx: PageContext): Promise<ExercisePageData | null>;
}

/** Any kind's module: members taking a meta or context accept the union (the lookup is keyed by kind). */
export type AnyKindModule = ExerciseKindModule<ExerciseKind>;

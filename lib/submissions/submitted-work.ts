import type { Db } from '../db';
import type { ExerciseRegistry } from '../exercises/registry';
import { findKind } from '../exercises/kinds';
import type { SubmissionRow } from '../exercises/kinds/contract';
import type { SubmittedWork } from './submitted-work-types';

// What a submission contained, for the submission page; each kind's module
// says how its work is summarised. Read-only: looking at a submission never
// starts an exercise or changes a row.

export type { SubmittedWork } from './submitted-work-types';
export { codeDiff, type CodeDiff, type DiffHunk, type DiffLine } from './code-diff';

export async function submittedWork(opts: { db: Db; exercises: ExerciseRegistry; submission: SubmissionRow }): Promise<SubmittedWork> {
  const kind = findKind(opts.submission.kind);
  return kind ? kind.submittedWork(opts) : { kind: 'unknown' };
}

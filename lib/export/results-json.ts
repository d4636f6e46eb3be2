import { ZGradeResult, type GradeResult, type TestResult, type Visibility } from '../grading/results';

// One submission's result as Gradescope-style results.json, for the person
// who will read it.
//
// instructor: everything, unchanged (the stored GradeResult, validated).
// student: per-test visibility decides what is shown, following Gradescope's
// meanings:
//   visible          always shown
//   after_due_date   output shown once the (student's effective) deadline has passed
//   after_published  output shown once the instructor has published grades
//   hidden           output never shown
// A test whose output is withheld keeps its score and status (the total would
// reveal them anyway) but its output is emptied and its name replaced by
// "Hidden test N", since names of hidden tests often describe their inputs.
// extra_data is reduced to an allowlist of keys known to be safe, and inside
// those, any key that looks like an answer (expected, reference, solution,
// answer, seed, secret, hidden) is dropped at every depth: an allowlist because
// a new key someone adds later must not leak by default.

export type ResultsAudience = 'student' | 'instructor';

export const STUDENT_SAFE_EXTRA_KEYS = ['feedback', 'fieldFeedback', 'fields', 'trainingCurve', 'metrics', 'hints', 'lateness'] as const;

const ANSWER_LIKE_KEY = /expected|reference|solution|answer|seed|secret|hidden/i;

export type ResultsJson = {
  score: number;
  max_score: number;
  execution_time?: number;
  output: string;
  tests: (TestResult & { output_hidden?: boolean })[];
  gradable: boolean;
  format_errors: string[];
  leaderboard?: GradeResult['leaderboard'];
  extra_data?: Record<string, unknown>;
};

export function exportResultsJson(opts: {
  result: GradeResult;
  audience: ResultsAudience;
  /** when the reader looks; decides after_due_date */
  now: Date;
  /** the student's effective deadline (with extension); null/absent = no deadline, so after_due_date shows */
  deadline?: Date | null;
  /** grades published by the instructor; decides after_published */
  published?: boolean;
  /** replaces STUDENT_SAFE_EXTRA_KEYS */
  studentExtraKeys?: readonly string[];
}): ResultsJson {
  const result = ZGradeResult.parse(opts.result);
  if (opts.audience === 'instructor') return { ...result };
  const pastDue = !opts.deadline || opts.now.getTime() > opts.deadline.getTime();
  const shows = (v: Visibility) =>
    v === 'visible' || (v === 'after_due_date' && pastDue) || (v === 'after_published' && opts.published === true);
  let hiddenCount = 0;
  const tests = result.tests.map((t) => {
    if (shows(t.visibility)) return { ...t };
    hiddenCount += 1;
    return { ...t, name: `Hidden test ${hiddenCount}`, output: '', output_hidden: true };
  });
  const out: ResultsJson = {
    score: result.score,
    max_score: result.max_score,
    execution_time: result.execution_time,
    output: result.output,
    tests,
    gradable: result.gradable,
    format_errors: result.format_errors,
  };
  if (result.execution_time === undefined) delete out.execution_time;
  if (result.leaderboard) out.leaderboard = result.leaderboard;
  const extra = pickSafeExtra(result.extra_data, opts.studentExtraKeys ?? STUDENT_SAFE_EXTRA_KEYS);
  if (extra) out.extra_data = extra;
  return out;
}

function pickSafeExtra(extra: Record<string, unknown> | undefined, allowed: readonly string[]): Record<string, unknown> | undefined {
  if (!extra) return undefined;
  const kept: Record<string, unknown> = {};
  for (const k of allowed) {
    if (k in extra && !ANSWER_LIKE_KEY.test(k)) kept[k] = scrub(extra[k]);
  }
  return Object.keys(kept).length > 0 ? kept : undefined;
}

function scrub(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(scrub);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([k]) => !ANSWER_LIKE_KEY.test(k))
        .map(([k, v]) => [k, scrub(v)]),
    );
  }
  return value;
}

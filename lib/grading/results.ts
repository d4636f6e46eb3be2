import { z } from 'zod';

// A superset of Gradescope's results.json plus PrairieLearn's `gradable`/`format_errors`.
// Every kind of exercise (numeric, code, model) produces this shape.

export const ZVisibility = z.enum(['visible', 'hidden', 'after_due_date', 'after_published']);
export type Visibility = z.infer<typeof ZVisibility>;

export const ZTestResult = z.object({
  name: z.string(),
  score: z.number(),
  max_score: z.number(),
  status: z.enum(['passed', 'failed']),
  output: z.string().default(''),
  visibility: ZVisibility.default('visible'),
});
export type TestResult = z.infer<typeof ZTestResult>;

export const ZLeaderboardEntry = z.object({
  name: z.string(),
  value: z.union([z.number(), z.string()]),
  order: z.enum(['asc', 'desc']).optional(),
});
export type LeaderboardEntry = z.infer<typeof ZLeaderboardEntry>;

export const ZGradeResult = z.object({
  score: z.number(),
  max_score: z.number(),
  execution_time: z.number().optional(),
  output: z.string().default(''),
  tests: z.array(ZTestResult).default([]),
  /** false when the submission could not be run at all; such an attempt is not counted. */
  gradable: z.boolean().default(true),
  format_errors: z.array(z.string()).default([]),
  leaderboard: z.array(ZLeaderboardEntry).optional(),
  /** kind-specific extras (training curves, per-field feedback...) */
  extra_data: z.record(z.string(), z.unknown()).optional(),
});
export type GradeResult = z.infer<typeof ZGradeResult>;

/** Sum test scores into a result; keeps callers from computing totals differently. */
export function summarizeTests(options: {
  tests: TestResult[];
  output?: string;
  executionTime?: number;
  extra?: Record<string, unknown>;
}): GradeResult {
  const score = options.tests.reduce((s, t) => s + t.score, 0);
  const max = options.tests.reduce((s, t) => s + t.max_score, 0);
  return ZGradeResult.parse({
    score: round(score),
    max_score: round(max),
    execution_time: options.executionTime,
    output: options.output ?? '',
    tests: options.tests,
    gradable: true,
    format_errors: [],
    extra_data: options.extra,
  });
}

/** A submission that could not be graded at all: costs no attempt. */
export function ungradable(options: { maxScore: number; errors: string[]; output?: string }): GradeResult {
  return ZGradeResult.parse({
    score: 0,
    max_score: options.maxScore,
    output: options.output ?? options.errors.join('\n'),
    tests: [],
    gradable: false,
    format_errors: options.errors,
  });
}

function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

import type { Db } from '../db';
import { studentDeadline } from '../submissions/policy';
import { SCORED_SUBMISSION } from './scored';
import { ACTIVE_ITEM } from '../checklist/archive';

export interface ProgressCell {
  best: number | null;
  attempts: number;
  /** some counted attempt came after this student's deadline (even at 0 % penalty) */
  late: boolean;
  /** the largest late penalty (fraction) among them */
  maxPenalty: number;
  extended: boolean;
}

// Students × exercises (best score, counted attempts, lateness) and the
// homework checklist week by week.
export async function classProgress(opts: { db: Db }) {
  const [students, exercises, groups, weeks, ticks, extensions] = await Promise.all([
    opts.db.user.findMany({ where: { role: 'student' }, orderBy: { name: 'asc' }, select: { id: true, name: true, email: true } }),
    opts.db.exercise.findMany({
      where: { archived: false },
      orderBy: [{ week: 'asc' }, { id: 'asc' }],
      select: { id: true, title: true, week: true, points: true, deadline: true, lateWindowHours: true, latePenaltyPercentPerDay: true, maxAttempts: true, cooldownMinutes: true, dailyCap: true },
    }),
    // One row per (student, exercise), aggregated by the database: a class of 200 × 20 with
    // retries is thousands of submissions, and only these figures reach the matrix. The
    // latest attempt is after the deadline exactly when some attempt is.
    opts.db.submission.groupBy({
      by: ['userId', 'exerciseId'],
      where: SCORED_SUBMISSION,
      _max: { score: true, latePenalty: true, createdAt: true },
      _count: { _all: true },
    }),
    opts.db.week.findMany({ orderBy: { number: 'asc' }, include: { items: { where: ACTIVE_ITEM, orderBy: { position: 'asc' }, select: { id: true, title: true } } } }),
    opts.db.checklistProgress.findMany({ select: { userId: true, itemId: true } }),
    opts.db.extension.findMany({ select: { userId: true, exerciseId: true, deadline: true } }),
  ]);
  const key = (userId: string, id: string) => `${userId}\0${id}`;
  const extensionOf = new Map(extensions.map((x) => [key(x.userId, x.exerciseId), x]));
  const done = new Set(ticks.map((t) => key(t.userId, t.itemId)));
  const byId = new Map(exercises.map((e) => [e.id, e]));
  const checklistWeeks = weeks.filter((w) => w.items.length > 0);

  const groupsBy = new Map<string, typeof groups>();
  for (const g of groups) {
    const list = groupsBy.get(g.userId);
    if (list) list.push(g);
    else groupsBy.set(g.userId, [g]);
  }

  const rows = students.map((user) => {
    const cells: Record<string, ProgressCell> = {};
    for (const g of groupsBy.get(user.id) ?? []) {
      const exercise = byId.get(g.exerciseId);
      if (!exercise) continue;
      const extension = extensionOf.get(key(user.id, g.exerciseId));
      const due = studentDeadline({ exercise, extension })?.dueAt ?? null;
      const maxPenalty = g._max.latePenalty ?? 0;
      const latest = g._max.createdAt;
      cells[g.exerciseId] = {
        best: g._max.score ?? 0,
        attempts: g._count._all,
        late: maxPenalty > 0 || (!!due && !!latest && latest > due),
        maxPenalty,
        extended: !!extension,
      };
    }
    const checklist = checklistWeeks.map((w) => {
      const missing = w.items.filter((i) => !done.has(key(user.id, i.id))).map((i) => i.title);
      return { week: w.number, done: w.items.length - missing.length, total: w.items.length, missing };
    });
    return { user: { id: user.id, name: user.name, email: user.email }, cells, checklist };
  });
  return {
    exercises: exercises.map((e) => ({ id: e.id, title: e.title, shortTitle: shortTitle(e.title), points: e.points, week: e.week })),
    weeks: checklistWeeks.map((w) => ({ number: w.number, title: w.title, items: w.items.length, itemTitles: w.items.map((i) => i.title) })),
    rows,
    checklistTotal: checklistWeeks.reduce((s, w) => s + w.items.length, 0),
  };
}

export type ClassProgress = Awaited<ReturnType<typeof classProgress>>;

export interface MatrixSummary {
  /** per student: sum of best scores, out of the sum of all exercise points */
  totals: Record<string, { score: number; max: number; fraction: number; checklistDone: number }>;
  /** per exercise: mean best score over all students (no attempt counts 0), and how many attempted */
  averages: Record<string, { mean: number; attempted: number; fraction: number }>;
}

/** Totals per student and averages per exercise, for the matrix's last column and last row. */
export function summarizeMatrix(p: Pick<ClassProgress, 'exercises' | 'rows'>): MatrixSummary {
  const max = p.exercises.reduce((s, e) => s + e.points, 0);
  const totals: MatrixSummary['totals'] = {};
  for (const r of p.rows) {
    const score = round(p.exercises.reduce((s, e) => s + (r.cells[e.id]?.best ?? 0), 0));
    totals[r.user.id] = { score, max, fraction: max ? score / max : 0, checklistDone: r.checklist.reduce((s, w) => s + w.done, 0) };
  }
  const averages: MatrixSummary['averages'] = {};
  for (const e of p.exercises) {
    let sum = 0;
    let attempted = 0;
    for (const r of p.rows) {
      const c = r.cells[e.id];
      if (c) attempted++;
      sum += c?.best ?? 0;
    }
    const mean = p.rows.length ? round(sum / p.rows.length) : 0;
    averages[e.id] = { mean, attempted, fraction: e.points ? mean / e.points : 0 };
  }
  return { totals, averages };
}

/**
 * A column header that fits: the title up to `max` characters, cut at a word
 * boundary with an ellipsis ("Output shape of a…"); the full title goes on hover.
 */
export function shortTitle(title: string, max = 16): string {
  const t = title.trim();
  if (t.length <= max) return t;
  const space = t.slice(0, max).lastIndexOf(' ');
  const cut = space >= max / 2 ? t.slice(0, space) : t.slice(0, max - 1);
  return `${cut.replace(/[\s,:;–-]+$/, '')}…`;
}

const round = (x: number) => Math.round(x * 100) / 100;

/**
 * What the matrix component needs, compact: it crosses from server to browser
 * as JSON, so at 200 × 20 every repeated key and title counts. A cell is
 * [best, attempts, late (0|1), largest penalty in %, extended (0|1)] or null
 * (no attempt); missing checklist items are indices into the week's titles.
 */
export interface MatrixData {
  exercises: { id: string; title: string; short: string; points: number }[];
  weeks: { number: number; title: string; items: string[] }[];
  students: { id: string; name: string; email: string; total: number; fraction: number; checklist: number[]; missing: number[][] }[];
  cells: (MatrixCell | null)[][];
  averages: { mean: number; attempted: number; fraction: number }[];
  maxTotal: number;
}
export type MatrixCell = [best: number, attempts: number, late: 0 | 1, penaltyPercent: number, extended: 0 | 1];

export function compactMatrix(p: ClassProgress, summary: MatrixSummary): MatrixData {
  const weekItems = new Map(p.weeks.map((w) => [w.number, w.itemTitles]));
  return {
    exercises: p.exercises.map((e) => ({ id: e.id, title: e.title, short: e.shortTitle, points: e.points })),
    weeks: p.weeks.map((w) => ({ number: w.number, title: w.title, items: weekItems.get(w.number) ?? [] })),
    students: p.rows.map((r) => {
      const t = summary.totals[r.user.id]!;
      return {
        id: r.user.id,
        name: r.user.name,
        email: r.user.email,
        total: t.score,
        fraction: Math.round(t.fraction * 1000) / 1000,
        checklist: r.checklist.map((w) => w.done),
        missing: r.checklist.map((w) => {
          const titles = weekItems.get(w.week) ?? [];
          return w.missing.map((m) => titles.indexOf(m)).filter((i) => i >= 0);
        }),
      };
    }),
    cells: p.rows.map((r) =>
      p.exercises.map((e) => {
        const c = r.cells[e.id];
        return c ? [c.best ?? 0, c.attempts, c.late ? 1 : 0, Math.round(c.maxPenalty * 100), c.extended ? 1 : 0] : null;
      }),
    ),
    averages: p.exercises.map((e) => summary.averages[e.id]!),
    maxTotal: p.exercises.reduce((s, e) => s + e.points, 0),
  };
}

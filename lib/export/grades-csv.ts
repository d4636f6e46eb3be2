import { stringify } from 'csv-stringify/sync';

// Grade export in the shapes Canvas and Moodle import.
//
// canvas: the gradebook CSV layout: Student, ID, SIS User ID, SIS Login ID,
//   Section, then one column per assignment, and a "Points Possible" row under
//   the header. Canvas matches a row to a student by ID (its own numeric user
//   id), SIS User ID or SIS Login ID; we only know ours, so ID and SIS User ID
//   stay empty unless the caller has them, and SIS Login ID defaults to the
//   email (the usual login). An assignment column named "Title (123)" updates
//   Canvas assignment 123; a column without a known Canvas id creates a new
//   assignment, so the header is the bare title unless canvasAssignmentId is given.
// moodle: "Email address" first (Moodle's grade import maps users by a column
//   the instructor picks; email is the one both sides know), then "Full name",
//   then one column per exercise title; each column is mapped to a grade item on
//   import. No total column: Moodle would offer to import it as a grade.
// generic: student id, name, email, one column per exercise ("Title [id]"), Total.
//
// Cells: a missing score is an empty cell (both LMSs read it as "no grade",
// not 0). Scores are plain decimals with a dot, at most 4 decimals. Text that
// a spreadsheet would run as a formula (=, +, -, @, tab, CR first) gets a
// leading apostrophe, so opening the export in Excel cannot run a student's
// display name.

export type ExportStudent = {
  id: string;
  name: string;
  email: string;
  /** Canvas numeric user id, when known */
  canvasUserId?: string;
  sisUserId?: string;
  /** defaults to email */
  sisLoginId?: string;
  section?: string;
};

export type ExportExercise = {
  id: string;
  title: string;
  points: number;
  canvasAssignmentId?: string;
};

export type ExportScore = { studentId: string; exerciseId: string; score: number };

export type GradesCsvOptions = {
  format: 'canvas' | 'moodle' | 'generic';
  students: readonly ExportStudent[];
  exercises: readonly ExportExercise[];
  /** one per (student, exercise) after penalties; if several are given, the highest counts */
  scores: readonly ExportScore[];
  /** prefix a UTF-8 byte order mark so Excel shows Vietnamese names correctly */
  bom?: boolean;
};

export function exportGradesCsv(opts: GradesCsvOptions): string {
  const best = bestScores(opts.scores);
  const scoreCell = (s: ExportStudent, e: ExportExercise) => formatScore(best.get(key(s.id, e.id)));
  const titles = columnTitles(opts.exercises);
  let rows: string[][];
  switch (opts.format) {
    case 'canvas': {
      const header = ['Student', 'ID', 'SIS User ID', 'SIS Login ID', 'Section'];
      const cols = opts.exercises.map((e, i) => (e.canvasAssignmentId ? `${e.title} (${e.canvasAssignmentId})` : titles[i]!));
      rows = [
        [...header, ...cols],
        ['Points Possible', '', '', '', '', ...opts.exercises.map((e) => formatScore(e.points))],
        ...opts.students.map((s) => [
          safeText(s.name),
          s.canvasUserId ?? '',
          safeText(s.sisUserId ?? ''),
          safeText(s.sisLoginId ?? s.email),
          safeText(s.section ?? ''),
          ...opts.exercises.map((e) => scoreCell(s, e)),
        ]),
      ];
      break;
    }
    case 'moodle':
      rows = [
        ['Email address', 'Full name', ...titles],
        ...opts.students.map((s) => [safeText(s.email), safeText(s.name), ...opts.exercises.map((e) => scoreCell(s, e))]),
      ];
      break;
    case 'generic':
      rows = [
        ['Student ID', 'Name', 'Email', ...opts.exercises.map((e) => `${e.title} [${e.id}]`), 'Total'],
        ['Points Possible', '', '', ...opts.exercises.map((e) => formatScore(e.points)), formatScore(sum(opts.exercises.map((e) => e.points)))],
        ...opts.students.map((s) => {
          const got = opts.exercises.map((e) => best.get(key(s.id, e.id)));
          return [safeText(s.id), safeText(s.name), safeText(s.email), ...got.map(formatScore), formatScore(sum(got.map((x) => x ?? 0)))];
        }),
      ];
      break;
    default:
      throw new Error(`unknown export format: ${String((opts as { format: unknown }).format)}`);
  }
  return stringify(rows, { bom: opts.bom ?? false, record_delimiter: 'windows' });
}

/** Titles made unique: a repeated title gets its exercise id appended, since LMSs match columns by header. */
function columnTitles(exercises: readonly ExportExercise[]): string[] {
  const count = new Map<string, number>();
  for (const e of exercises) count.set(e.title, (count.get(e.title) ?? 0) + 1);
  return exercises.map((e) => (count.get(e.title)! > 1 ? `${e.title} [${e.id}]` : e.title));
}

function bestScores(scores: readonly ExportScore[]): Map<string, number> {
  const best = new Map<string, number>();
  for (const s of scores) {
    if (!Number.isFinite(s.score)) throw new Error(`score for ${s.studentId}/${s.exerciseId} is not a finite number`);
    const k = key(s.studentId, s.exerciseId);
    best.set(k, Math.max(best.get(k) ?? -Infinity, s.score));
  }
  return best;
}

function formatScore(x: number | undefined): string {
  if (x === undefined) return '';
  return String(Math.round(x * 1e4) / 1e4);
}

/** Neutralises spreadsheet formulas (OWASP "CSV injection"). */
export function safeText(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

function key(studentId: string, exerciseId: string): string {
  return `${studentId}\u0000${exerciseId}`;
}

function sum(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0);
}

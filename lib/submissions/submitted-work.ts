import { structuredPatch } from 'diff';
import type { Db } from '../db';
import type { AnswerField } from '../exercises/numeric/types';
import { variantSeed } from '../exercises/numeric';
import type { ExerciseRegistry } from '../exercises/registry';
import { authoredVariant } from '../authoring';
import { authoredDefinition } from './authored';
import { formatSummary, parseModelSubmission } from '../model';

// What a submission contained, for the submission page: the code (and how it
// changed since the attempt before), the numeric answers next to the questions
// they answer, or the model's summary. Read-only: looking at a submission
// never starts an exercise or changes a row.

export interface DiffLine {
  kind: 'add' | 'del' | 'same';
  text: string;
}
export interface DiffHunk {
  header: string;
  lines: DiffLine[];
}
export interface CodeDiff {
  previousId: string;
  previousAt: string;
  added: number;
  removed: number;
  hunks: DiffHunk[];
}

export type SubmittedWork =
  | { kind: 'code'; language: string; source: string; diff: CodeDiff | null }
  | { kind: 'numeric'; prompt: string | null; answers: { name: string; label: string; unit?: string; value: string }[] }
  | { kind: 'model'; format: string; summary: string | null; summaryError: string | null; settings: Record<string, unknown> | null }
  | { kind: 'unknown' };

interface SubmissionRow {
  id: string;
  userId: string;
  exerciseId: string;
  exerciseVersion: string;
  kind: string;
  language: string | null;
  payload: string;
  createdAt: Date;
  exercise: { id: string; source: string };
}

/** Line changes from `before` to `after`, in hunks with 3 lines of context. */
export function codeDiff(before: string, after: string): Pick<CodeDiff, 'added' | 'removed' | 'hunks'> {
  const patch = structuredPatch('previous', 'this', before, after, '', '', { context: 3 });
  let added = 0;
  let removed = 0;
  const hunks = patch.hunks.map((h) => ({
    header: `@@ -${h.oldStart},${h.oldLines} +${h.newStart},${h.newLines} @@`,
    lines: h.lines
      .filter((l) => !l.startsWith('\\')) // "\ No newline at end of file"
      .map((l): DiffLine => {
        const kind = l[0] === '+' ? 'add' : l[0] === '-' ? 'del' : 'same';
        if (kind === 'add') added++;
        if (kind === 'del') removed++;
        return { kind, text: l.slice(1) };
      }),
  }));
  return { added, removed, hunks };
}

export async function submittedWork(opts: { db: Db; exercises: ExerciseRegistry; submission: SubmissionRow }): Promise<SubmittedWork> {
  const sub = opts.submission;
  if (sub.kind === 'code') {
    const previous = await opts.db.submission.findFirst({
      where: { userId: sub.userId, exerciseId: sub.exerciseId, kind: 'code', createdAt: { lt: sub.createdAt } },
      orderBy: { createdAt: 'desc' },
      select: { id: true, createdAt: true, payload: true },
    });
    const diff = previous ? { previousId: previous.id, previousAt: previous.createdAt.toISOString(), ...codeDiff(previous.payload, sub.payload) } : null;
    return { kind: 'code', language: sub.language ?? 'python', source: sub.payload, diff };
  }
  if (sub.kind === 'numeric') return numericWork(opts.db, opts.exercises, sub);
  if (sub.kind === 'model') return modelWork(sub.payload);
  return { kind: 'unknown' };
}

async function numericWork(db: Db, exercises: ExerciseRegistry, sub: SubmissionRow): Promise<SubmittedWork> {
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
}

function modelWork(payload: string): SubmittedWork {
  const p = safeJson(payload) as { model?: { format?: string; content?: string }; settings?: Record<string, unknown> } | null;
  const format = p?.model?.format ?? 'unknown';
  const content = p?.model?.content ?? '';
  if (format !== 'keras' && format !== 'spec' && format !== 'tfjs') return { kind: 'model', format, summary: null, summaryError: 'The stored model cannot be read.', settings: p?.settings ?? null };
  const parsed = parseModelSubmission({ format, content });
  return {
    kind: 'model',
    format,
    summary: parsed.ok ? formatSummary(parsed.summary) : null,
    summaryError: parsed.ok ? null : parsed.errors.join('\n'),
    settings: p?.settings ?? null,
  };
}

function showValue(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (Array.isArray(v)) return v.map((row) => (Array.isArray(row) ? row.map((c) => String(c ?? '')).join('  ') : String(row))).join('\n');
  return String(v);
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

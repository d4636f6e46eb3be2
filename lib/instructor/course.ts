import { z } from 'zod';
import type { Db } from '../db';
import { AppError } from '../errors';
import { msg } from '../i18n/message';
import { formatIssues, type FieldLabels } from '../forms/messages';

// Small helpers the instructor actions share.


/**
 * Parses an action's input, turning zod issues into a 400 with one sentence
 * per field, naming it as the form labels it (`labels`, see lib/forms/messages).
 */
export function parseInput<T extends z.ZodType>(schema: T, input: unknown, labels?: FieldLabels): z.infer<T> {
  const parsed = schema.safeParse(input ?? {});
  if (parsed.success) return parsed.data;
  const { text, fieldTexts } = formatIssues(parsed.error.issues, { labels, input });
  throw new AppError('invalid_input', text, { fieldTexts });
}

export async function exerciseOr404(db: Db, id: string) {
  const exercise = await db.exercise.findUnique({ where: { id } });
  if (!exercise) throw new AppError('not_found', msg('apiErrors.submit.noExercise', { id }));
  return exercise;
}

/** "2026-03-08T23:59" as typed in a datetime-local input, in the course time zone. */
export const ZWallTime = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/, 'validation.rules.wallTime'); // a key: lib/forms/messages.ts writes it in the reader's language

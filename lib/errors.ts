import { z } from 'zod';
import { renderText } from './i18n/render';
import type { Text } from './i18n/message';

// One error model for the whole code base. Domain code says *what* went wrong
// with a code; only the edges decide what that means: app/api/respond.ts maps a
// code to an HTTP status, worker/processors.ts to a retry or an
// UnrecoverableError, the CLI to an exit code.

export const ZAppErrorCode = z.enum([
  /** the request is malformed or a value is out of bounds: the person can fix it */
  'invalid_input',
  /** no session, or it expired */
  'unauthenticated',
  /** signed in, but not allowed */
  'forbidden',
  /** no such thing, or not one the person may see */
  'not_found',
  /** no such exercise in this copy of exercises/: retrying on the same machine cannot help */
  'unknown_exercise',
  /** the request is valid but the state forbids it now (deadline passed, choice final) */
  'conflict',
  /** a body or file over its limit */
  'too_large',
  /** a body that is not JSON */
  'unsupported_media',
  /** too many attempts in a window */
  'rate_limited',
]);
export type AppErrorCode = z.infer<typeof ZAppErrorCode>;

export interface AppErrorDetails {
  /** messages per form field, named as the form names them (in English; filled from fieldTexts when those are given) */
  fieldErrors?: Record<string, string>;
  /** the same as data, so app/api/respond.ts can write them in the reader's language */
  fieldTexts?: Record<string, Text>;
  /** for rate_limited: when to try again */
  retryAfterSeconds?: number;
}

/**
 * `text` is a sentence of messages/*.json (see lib/i18n/message.ts) or, where none
 * is written yet, a literal; `message` is its English rendering (logs, CLI, worker).
 */
export class AppError extends Error {
  readonly details: AppErrorDetails;
  constructor(
    readonly code: AppErrorCode,
    readonly text: Text,
    details: AppErrorDetails = {},
  ) {
    super(renderText(text, 'en'));
    const { fieldTexts } = details;
    this.details = fieldTexts && !details.fieldErrors ? { ...details, fieldErrors: Object.fromEntries(Object.entries(fieldTexts).map(([k, t]) => [k, renderText(t, 'en')])) } : details;
  }
}

/** Whatever a page shows as its 404: no such thing, or one this person may not see. */
export function isNotFound(e: unknown): e is AppError {
  return e instanceof AppError && (e.code === 'not_found' || e.code === 'unknown_exercise');
}

/** The codes whose cause a retry of the same job on the same worker cannot remove. */
export function isPermanent(e: unknown): e is AppError {
  return e instanceof AppError && e.code !== 'rate_limited';
}

import { AppError, codeForStatus } from '../errors';

/** A request the student can fix: shown as a message, nothing stored, no attempt used. */
export class SubmitError extends AppError {
  constructor(
    readonly status: 400 | 404 | 409 | 413 | 429,
    message: string,
    readonly fieldErrors?: Record<string, string>,
    /** for a 429: sent as Retry-After */
    readonly retryAfterSeconds?: number,
  ) {
    super(codeForStatus(status), message, { fieldErrors, retryAfterSeconds });
  }
}

import { SubmitError } from '../../lib/submissions/errors';

/** The SubmitError a promise rejects with; any other outcome fails the test. */
export async function submitErrorOf(p: Promise<unknown>): Promise<SubmitError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof SubmitError) return e;
    throw e;
  }
  throw new Error('expected a SubmitError');
}

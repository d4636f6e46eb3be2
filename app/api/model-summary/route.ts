import { z } from 'zod';
import { currentUser } from '@/lib/auth/session';
import { requireUser } from '@/lib/auth/roles';
import { parseModelSubmission, formatSummary, type ParsedModel } from '@/lib/model';
import { AppError } from '@/lib/errors';
import { msg } from '@/lib/i18n/message';
import { SUBMISSION_BODY_BYTES, readJson, respond } from '../respond';
import { ZModelFormat } from '@/lib/vocabulary';

const ZBody = z.object({ format: ZModelFormat, content: z.string() });

/** The Keras-style summary of a model, shown on the form before anything is queued. */
export function POST(req: Request) {
  return respond(req, async () => {
    requireUser(await currentUser());
    const body = ZBody.safeParse(await readJson(req, SUBMISSION_BODY_BYTES));
    if (!body.success) throw new AppError('invalid_input', msg('apiErrors.expectedBody', { shape: '{ format, content }' }));
    let parsed: ParsedModel;
    try {
      parsed = parseModelSubmission(body.data);
    } catch (e) {
      // Whatever the student typed, the answer is a sentence they can act on, not a 500 with a stack's words.
      console.error(e);
      throw new AppError('invalid_input', msg('apiErrors.modelSummary.unreadable'));
    }
    if (!parsed.ok) throw new AppError('invalid_input', msg('apiErrors.modelSummary.rejected', { errors: parsed.errors }));
    return { summary: formatSummary(parsed.summary) };
  });
}

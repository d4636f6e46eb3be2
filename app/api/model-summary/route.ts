import { z } from 'zod';
import { currentUser } from '@/lib/auth/session';
import { requireUser } from '@/lib/auth/roles';
import { parseModelSubmission, formatSummary } from '@/lib/model';
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
    const parsed = parseModelSubmission(body.data);
    if (!parsed.ok) throw new AppError('invalid_input', msg('apiErrors.modelSummary.rejected', { errors: parsed.errors }));
    return { summary: formatSummary(parsed.summary) };
  });
}

import { z } from 'zod';
import { db } from '@/lib/db';
import { currentUser } from '@/lib/auth/session';
import { requireUser } from '@/lib/auth/roles';
import { AppError } from '@/lib/errors';
import { msg } from '@/lib/i18n/message';
import { setChecklistItem } from '@/lib/checklist/tick';
import { readJson, respond } from '../respond';

const ZTick = z.object({ itemId: z.string().min(1), done: z.boolean() });

export function POST(req: Request) {
  return respond(req, async () => {
    const user = requireUser(await currentUser());
    const parsed = ZTick.safeParse(await readJson(req));
    if (!parsed.success) throw new AppError('invalid_input', msg('apiErrors.expectedBody', { shape: '{ itemId, done }' }));
    return setChecklistItem({ db: db(), userId: user.id, ...parsed.data });
  });
}

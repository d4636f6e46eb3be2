import { db } from '@/lib/db';
import { currentUser } from '@/lib/auth/session';
import { changePassword } from '@/lib/auth/account';
import { readJson, respond } from '../../respond';

export async function POST(req: Request) {
  return respond(req, async () => changePassword({ db: db(), user: await currentUser(), body: await readJson(req) }));
}

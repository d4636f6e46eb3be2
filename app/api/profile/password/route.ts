import { db } from '@/lib/db';
import { currentUser } from '@/lib/auth/session';
import { changePassword } from '@/lib/auth/account';
import { appLimits } from '@/lib/rate-limit/app-limits';
import { clientIp } from '@/lib/rate-limit/client-ip';
import { readJson, respond } from '../../respond';

export async function POST(req: Request) {
  return respond(req, async () => changePassword({ db: db(), user: await currentUser(), body: await readJson(req), limits: appLimits(), ip: clientIp(req.headers) }));
}

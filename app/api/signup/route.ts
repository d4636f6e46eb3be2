import { db } from '@/lib/db';
import { env } from '@/lib/env';
import { signUp } from '@/lib/auth/signup';
import { appLimits } from '@/lib/rate-limit/app-limits';
import { clientIp } from '@/lib/rate-limit/client-ip';
import { renderText } from '@/lib/i18n/render';
import { readJson, respond } from '../respond';
import { requestLocale } from '../request-locale';

export function POST(req: Request) {
  return respond(req, async () => {
    // Whether an account was made stays on the server: the answer is the same either way.
    const { message } = await signUp({ db: db(), env: env(), body: await readJson(req), limits: appLimits(), ip: clientIp(req.headers) });
    return { ok: true, message: renderText(message, await requestLocale(req.headers)) };
  }, 201);
}

import { db } from '@/lib/db';
import { env } from '@/lib/env';
import { currentUser } from '@/lib/auth/session';
import { linkIntent } from '@/lib/auth/account';
import { LINK_INTENT_COOKIE, LINK_INTENT_SECONDS } from '@/lib/auth/link-intent';
import { readJson, respond } from '../../respond';

// Step one of linking GitHub/Google from the profile: a short-lived cookie that
// only next-auth's routes receive; the page then starts the provider's sign-in.
export async function POST(req: Request) {
  let cookie = '';
  const res = await respond(req, async () => {
    const intent = await linkIntent({ db: db(), user: await currentUser(), env: env(), body: await readJson(req) });
    cookie = intent.cookie;
    return { provider: intent.provider };
  });
  if (cookie) {
    const secure = (env().NEXTAUTH_URL ?? '').startsWith('https:') ? '; Secure' : '';
    res.headers.append('set-cookie', `${LINK_INTENT_COOKIE}=${cookie}; Path=/api/auth; Max-Age=${LINK_INTENT_SECONDS}; HttpOnly; SameSite=Lax${secure}`);
  }
  return res;
}

import { db } from '@/lib/db';
import { env } from '@/lib/env';
import { signUp } from '@/lib/auth/signup';
import { readJson, respond } from '../respond';

export function POST(req: Request) {
  return respond(req, async () => {
    await signUp({ db: db(), env: env(), body: await readJson(req) });
    return { ok: true };
  }, 201);
}

import { z } from 'zod';
import { NextResponse } from 'next/server';
import { currentUser } from '@/lib/auth/session';
import { LOCALE_COOKIE, LOCALES } from '@/lib/i18n/locales';
import { saveLocale } from '@/lib/i18n/saved-locale';
import { AppError } from '@/lib/errors';
import { msg } from '@/lib/i18n/message';
import { readJson, respond } from '../respond';

const ZChoice = z.object({ locale: z.enum(LOCALES) });

/** The header's language switch: a cookie for this browser, and the user's row so other browsers follow. */
export async function POST(req: Request) {
  const res = await respond(req, async () => {
    const parsed = ZChoice.safeParse(await readJson(req, 1024));
    if (!parsed.success) throw new AppError('invalid_input', msg('apiErrors.chooseLocale', { locales: LOCALES.join(', ') }));
    const user = await currentUser();
    if (user) await saveLocale(user.id, parsed.data.locale);
    return parsed.data;
  });
  if (res.ok) {
    const { locale } = (await res.clone().json()) as { locale: string };
    res.cookies.set(LOCALE_COOKIE, locale, { path: '/', sameSite: 'lax', maxAge: 365 * 24 * 3600 });
  }
  return res;
}

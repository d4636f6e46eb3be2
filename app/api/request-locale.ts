import { chooseLocale, LOCALE_COOKIE, type Locale } from '@/lib/i18n/locales';
import { savedLocale } from '@/lib/i18n/saved-locale';
import { cookieValue } from '@/lib/http/cookies';

/**
 * The language an API answer is written in: the one its page is shown in
 * (i18n/request.ts chooses the same way: the switch's cookie, the user's saved
 * choice, the browser's Accept-Language). Only errors need it, so the saved
 * choice is read only then, and a failure to read it falls back to the browser's.
 */
export async function requestLocale(headers: Pick<Headers, 'get'>): Promise<Locale> {
  const cookie = cookieValue(headers.get('cookie'), LOCALE_COOKIE) ?? null;
  const saved = cookie ? null : await savedLocale().catch(() => null);
  return chooseLocale({ cookie, saved, acceptLanguage: headers.get('accept-language') });
}

import { chooseLocale, LOCALE_COOKIE, type Locale } from '@/lib/i18n/locales';
import { savedLocale } from '@/lib/i18n/saved-locale';

/** The cookie's value in a Cookie header ("a=1; convgrade-locale=vi"), or null. */
export function cookieIn(header: string | null, name: string): string | null {
  for (const part of (header ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return null;
}

/**
 * The language an API answer is written in: the one its page is shown in
 * (i18n/request.ts chooses the same way: the switch's cookie, the user's saved
 * choice, the browser's Accept-Language). Only errors need it, so the saved
 * choice is read only then, and a failure to read it falls back to the browser's.
 */
export async function requestLocale(headers: Pick<Headers, 'get'>): Promise<Locale> {
  const cookie = cookieIn(headers.get('cookie'), LOCALE_COOKIE);
  const saved = cookie ? null : await savedLocale().catch(() => null);
  return chooseLocale({ cookie, saved, acceptLanguage: headers.get('accept-language') });
}

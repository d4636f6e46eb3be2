import { cookies, headers } from 'next/headers';
import { getRequestConfig } from 'next-intl/server';
import { db } from '@/lib/db';
import { courseTimeZone } from '@/lib/course/time-zone';
import { chooseLocale, LOCALE_COOKIE } from '@/lib/i18n/locales';
import { savedLocale } from '@/lib/i18n/saved-locale';
import en from '../messages/en.json';
import vi from '../messages/vi.json';

// No locale in the URL (links and bookmarks stay the same in both languages):
// the language comes from the header switch's cookie, the user's saved choice,
// or the browser's Accept-Language, in that order.
const MESSAGES = { en, vi };

export default getRequestConfig(async () => {
  const cookie = (await cookies()).get(LOCALE_COOKIE)?.value;
  const [saved, timeZone] = await Promise.all([cookie ? null : savedLocale(), courseTimeZone(db())]);
  const locale = chooseLocale({ cookie, saved, acceptLanguage: (await headers()).get('accept-language') });
  // Dates formatted through next-intl are shown in the course's time zone, in the reader's language.
  return { locale, messages: MESSAGES[locale], timeZone };
});

// The interface languages. English is the fallback for anything unknown.
export const LOCALES = ['en', 'vi'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'en';
/** The cookie the language switch sets; it wins over the browser's Accept-Language. */
export const LOCALE_COOKIE = 'convgrade-locale';

export function isLocale(v: unknown): v is Locale {
  return typeof v === 'string' && (LOCALES as readonly string[]).includes(v);
}

/**
 * The best supported language for an Accept-Language header ("vi-VN,vi;q=0.9,en;q=0.8"):
 * highest q first, a region ("vi-VN") matches its language, q=0 means "not this one".
 * The header is bounded before it is read: browsers send a few dozen characters.
 */
export function negotiateLocale(header: string | null | undefined): Locale {
  if (!header) return DEFAULT_LOCALE;
  const ranked = header
    .slice(0, 512)
    .split(',')
    .slice(0, 20)
    .map((part, index) => {
      const [tag, ...params] = part.trim().toLowerCase().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      const weight = q ? Number(q.slice(2)) : 1;
      return { lang: tag.split('-')[0], weight: Number.isFinite(weight) ? weight : 0, index };
    })
    .filter((r) => r.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.index - b.index);
  return ranked.find((r) => isLocale(r.lang))?.lang as Locale | undefined ?? DEFAULT_LOCALE;
}

/** Which language a request gets: the switch's cookie, then the signed-in user's saved choice, then the browser's. */
export function chooseLocale(opts: { cookie?: string | null; saved?: string | null; acceptLanguage?: string | null }): Locale {
  if (isLocale(opts.cookie)) return opts.cookie;
  if (isLocale(opts.saved)) return opts.saved;
  return negotiateLocale(opts.acceptLanguage);
}

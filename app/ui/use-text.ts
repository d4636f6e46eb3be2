'use client';
import { useTranslations } from 'next-intl';
import { isMessage, type Text } from '@/lib/i18n/message';

/** Renders lib's sentences-as-data (lib/i18n/message.ts) in the page's language, in a client component. */
export function useText(): (text: Text) => string {
  const t = useTranslations();
  const render = (x: Text): string => {
    if (typeof x === 'string') return x;
    if (!isMessage(x)) return (x as readonly Text[]).map(render).join(' ');
    const values = Object.fromEntries(Object.entries(x.values ?? {}).map(([k, v]) => [k, isMessage(v) ? render(v) : v]));
    return t(x.key as Parameters<typeof t>[0], values);
  };
  return render;
}

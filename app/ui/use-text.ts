'use client';
import { useTranslations } from 'next-intl';
import { formatText, type Text } from '@/lib/i18n/message';

/** Renders lib's sentences-as-data (lib/i18n/message.ts) in the page's language, in a client component. */
export function useText(): (text: Text) => string {
  const t = useTranslations();
  return (text) => formatText(text, (key, values) => t(key as Parameters<typeof t>[0], values));
}

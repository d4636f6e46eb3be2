'use client';
import { useTranslations } from 'next-intl';
import { postJson, type Posted } from './post-json';

/** postJson with its own sentences (no connection, no JSON, expired session) in the page's language. */
export function usePostJson(): (url: string, body: unknown) => Promise<Posted> {
  const t = useTranslations('post');
  return (url, body) => postJson(url, body, { expired: t('expired'), badResponse: (status) => t('badResponse', { status }), unreachable: t('unreachable') });
}

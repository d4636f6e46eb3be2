'use client';
import { useEffect, useState } from 'react';
import { useTranslations } from 'next-intl';
import { THEME_COOKIE, type Theme } from '@/lib/theme';

/**
 * Dark mode follows the system (prefers-color-scheme) until the reader picks
 * one; the choice is a cookie so the server renders <html data-theme> with it
 * and the page never flashes the other theme.
 */
export function ThemeToggle({ chosen }: { chosen: Theme | null }) {
  const t = useTranslations('header');
  const [dark, setDark] = useState(chosen === 'dark');
  useEffect(() => {
    if (!chosen) setDark(window.matchMedia('(prefers-color-scheme: dark)').matches);
  }, [chosen]);
  function toggle() {
    const next: Theme = dark ? 'light' : 'dark';
    document.documentElement.dataset.theme = next;
    document.cookie = `${THEME_COOKIE}=${next}; path=/; max-age=31536000; samesite=lax`;
    setDark(!dark);
  }
  return (
    <button type="button" className="secondary compact" aria-pressed={dark} onClick={toggle}>
      {t('darkMode')}
    </button>
  );
}

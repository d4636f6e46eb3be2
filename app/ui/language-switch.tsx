'use client';
import { useState } from 'react';
import { useRouter } from 'next/navigation';
import { useLocale, useTranslations } from 'next-intl';
import { LOCALES } from '@/lib/i18n/locales';

// Each language is named in itself, so a reader who cannot read the current one still finds theirs.
const NAMES: Record<(typeof LOCALES)[number], string> = { en: 'English', vi: 'Tiếng Việt' };

export function LanguageSwitch() {
  const t = useTranslations('header');
  const locale = useLocale();
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  async function choose(next: string) {
    setBusy(true);
    const res = await fetch('/api/locale', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ locale: next }) });
    setBusy(false);
    if (res.ok) router.refresh();
  }
  return (
    <select className="compact" aria-label={t('language')} value={locale} disabled={busy} onChange={(e) => choose(e.target.value)}>
      {LOCALES.map((l) => (
        <option key={l} value={l} lang={l}>{NAMES[l]}</option>
      ))}
    </select>
  );
}

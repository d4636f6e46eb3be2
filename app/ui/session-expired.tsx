'use client';
import { useEffect, useState } from 'react';
import { useTranslations } from 'next-intl';
import { signInHref } from './post-json';

// The one message for an expired session, with a link back to this page
// after signing in. The href is computed after mount: the server render does
// not know the browser's URL.
export function SessionExpired({ detail }: { detail?: string }) {
  const t = useTranslations('session');
  const [href, setHref] = useState('/signin');
  useEffect(() => setHref(signInHref()), []);
  return (
    <p className="error" role="alert" data-testid="session-expired">
      {t('expired')} — <a href={href}>{t('signInAgain')}</a>.{detail ? ` ${detail}` : ''}
    </p>
  );
}

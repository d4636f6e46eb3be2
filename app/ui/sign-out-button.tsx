'use client';
import { signOut } from 'next-auth/react';
import { useTranslations } from 'next-intl';

export function SignOutButton() {
  const t = useTranslations('header');
  return (
    <button type="button" className="secondary compact" onClick={() => signOut({ callbackUrl: '/signin' })}>
      {t('signOut')}
    </button>
  );
}

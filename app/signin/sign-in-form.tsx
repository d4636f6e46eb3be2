'use client';
import { useState } from 'react';
import { signIn } from 'next-auth/react';
import { signInWithPassword } from '../ui/password-sign-in';
import { useTranslations } from 'next-intl';
import { useText } from '../ui/use-text';

export function SignInForm(props: { callbackUrl: string; providers: string[]; signupOpen: boolean }) {
  const t = useTranslations('signIn');
  const text = useText();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // Already reduced to a path on this site by the page (lib/http/site-origin.ts).
  const target = props.callbackUrl;
  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const form = new FormData(e.currentTarget);
    const res = await signInWithPassword(String(form.get('email') ?? ''), String(form.get('password') ?? ''), target);
    setBusy(false);
    if (!res.ok) setError(text(res.message));
    else window.location.assign(target);
  }
  return (
    <>
      <form onSubmit={onSubmit}>
        <label htmlFor="email">{t('email')}</label>
        <input id="email" name="email" type="email" autoComplete="username" required />
        <label htmlFor="password">{t('password')}</label>
        <input id="password" name="password" type="password" autoComplete="current-password" required />
        {error && <p className="error" role="alert">{error}</p>}
        <p><button type="submit" disabled={busy}>{busy ? t('busy') : t('submit')}</button></p>
      </form>
      {props.providers.map((p) => (
        <p key={p}><button className="secondary" onClick={() => signIn(p, { callbackUrl: target })}>{t('with', { provider: p === 'github' ? 'GitHub' : 'Google' })}</button></p>
      ))}
      {props.signupOpen && <p className="muted">{t.rich('noAccount', { link: (chunks) => <a href="/signup">{chunks}</a> })}</p>}
    </>
  );
}

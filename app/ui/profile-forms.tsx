'use client';
import { useState } from 'react';
import { useTranslations } from 'next-intl';
import { signIn } from 'next-auth/react';
import { usePostJson } from './use-post-json';
import { signInWithPassword } from './password-sign-in';
import { useText } from './use-text';

/** Asks the server for a link wish (a short-lived cookie), then goes to the provider. */
export function LinkProviderButton({ provider, label }: { provider: 'github' | 'google'; label: string }) {
  const postJson = usePostJson();
  const [error, setError] = useState<string | null>(null);
  async function link() {
    setError(null);
    const res = await postJson('/api/profile/link', { provider });
    if (!res.ok) return setError(res.data.error);
    await signIn(provider, { callbackUrl: `/profile?linked=${provider}` });
  }
  return (
    <>
      <button type="button" className="secondary" onClick={link}>{label}</button>
      {error && <span className="bad" role="alert"> {error}</span>}
    </>
  );
}

export function PasswordForm({ email, needsCurrent }: { email: string; needsCurrent: boolean }) {
  const t = useTranslations('profile');
  const postJson = usePostJson();
  const text = useText();
  const [fields, setFields] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setMessage(null);
    const form = Object.fromEntries(new FormData(e.currentTarget)) as Record<string, string>;
    const res = await postJson('/api/profile/password', { current: form.current, next: form.next });
    if (!res.ok) {
      setFields(res.data.fieldErrors ?? {});
      return setMessage({ ok: false, text: res.data.error });
    }
    setFields({});
    // Every session ended, this one too: sign this browser in again with the new password.
    const again = await signInWithPassword(email, form.next ?? '', '/profile');
    setMessage(again.ok ? { ok: true, text: t('changed') } : { ok: false, text: t('changedSignIn', { message: text(again.message) }) });
  }
  return (
    <form onSubmit={onSubmit} data-testid="password-form">
      {needsCurrent && (
        <>
          <label htmlFor="current">{t('current')}</label>
          <input id="current" name="current" type="password" autoComplete="current-password" required />
          {fields.current && <div className="field-error">{fields.current}</div>}
        </>
      )}
      <label htmlFor="next">{t('next')}</label>
      <input id="next" name="next" type="password" autoComplete="new-password" required minLength={8} />
      {fields.next && <div className="field-error">{fields.next}</div>}
      {message && <p role={message.ok ? 'status' : 'alert'} className={message.ok ? 'notice' : 'error'}>{message.text}</p>}
      <p><button type="submit">{t('save')}</button></p>
    </form>
  );
}

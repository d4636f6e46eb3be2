'use client';
import { useState } from 'react';
import { signInWithPassword } from '../ui/password-sign-in';
import { useTranslations } from 'next-intl';

export function SignUpForm({ needsInvite }: { needsInvite: boolean }) {
  const t = useTranslations('signUp');
  const [error, setError] = useState<string | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState<string | null>(null);
  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setError(null);
    setNotice(null);
    const form = Object.fromEntries(new FormData(e.currentTarget)) as Record<string, string>;
    const res = await fetch('/api/signup', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(form) });
    const body = await res.json();
    if (!res.ok) {
      setError(body.error);
      setFields(body.fieldErrors ?? {});
      return;
    }
    setFields({});
    // The answer is the same for a new address and a taken one; signing in with
    // the password just given tells the person (and only them) which it was.
    const signedIn = await signInWithPassword(form.email ?? '', form.password ?? '', '/');
    if (signedIn.ok) window.location.assign('/');
    else setNotice(`${t('accepted')} ${t('alreadyHad')}`);
  }
  const field = (name: string, label: string, type: string) => (
    <>
      <label htmlFor={name}>{label}</label>
      <input id={name} name={name} type={type} required />
      {fields[name] && <div className="field-error">{fields[name]}</div>}
    </>
  );
  return (
    <form onSubmit={onSubmit}>
      {field('name', t('name'), 'text')}
      {field('email', t('email'), 'email')}
      {field('password', t('password'), 'password')}
      {needsInvite && field('invite', t('invite'), 'text')}
      {error && <p className="error" role="alert">{error}</p>}
      {notice && <p className="notice" role="status">{notice} <a href="/signin">{t('signIn')}</a></p>}
      <p><button type="submit">{t('submit')}</button></p>
    </form>
  );
}

import { getCsrfToken, getSession } from 'next-auth/react';
import { msg, type Message } from '@/lib/i18n/message';
import { waitText } from '@/lib/rate-limit/format';

/** `message` is a sentence of messages/*.json: the form renders it with useText(). */
export type PasswordSignIn = { ok: true } | { ok: false; message: Message; retryAfterSeconds?: number };

/**
 * Email + password sign-in through next-auth's credentials callback. Posted
 * here rather than with next-auth's signIn() because that helper drops the
 * status and headers: a 429 carries Retry-After, and the form says when to try again.
 */
export async function signInWithPassword(email: string, password: string, callbackUrl: string): Promise<PasswordSignIn> {
  try {
    const csrfToken = (await getCsrfToken()) ?? '';
    const res = await fetch('/api/auth/callback/credentials', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ csrfToken, email, password, callbackUrl, json: 'true' }),
    });
    if (res.status === 429) {
      const seconds = Number(res.headers.get('retry-after')) || 900;
      const at = new Date(Date.now() + seconds * 1000).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
      return { ok: false, retryAfterSeconds: seconds, message: msg('signIn.tooManyAt', { wait: waitText(seconds), at }) };
    }
    const data = (await res.json().catch(() => ({}))) as { url?: string };
    const error = data.url ? new URL(data.url, window.location.origin).searchParams.get('error') : 'unknown';
    if (!res.ok || error) return { ok: false, message: msg('signIn.wrong') };
    await getSession(); // lets other tabs know
    return { ok: true };
  } catch {
    return { ok: false, message: msg('signIn.unreachable') };
  }
}

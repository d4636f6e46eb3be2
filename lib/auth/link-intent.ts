import { createHmac, timingSafeEqual } from 'node:crypto';
import type { OAuthProviderId } from './oauth-link';

// "I, signed in, want to link GitHub (or Google) to my account": a short-lived
// cookie set by a same-origin POST from the profile page, signed with the
// app's secret and bound to the user's session version, read back when the
// provider sends the browser to the OAuth callback.

export const LINK_INTENT_COOKIE = 'convgrade.link-intent';
export const LINK_INTENT_SECONDS = 600;

export interface LinkIntent {
  userId: string;
  provider: OAuthProviderId;
  sessionVersion: number;
}

export function signLinkIntent(intent: LinkIntent, secret: string, now = Date.now()): string {
  const body = Buffer.from(JSON.stringify({ ...intent, exp: now + LINK_INTENT_SECONDS * 1000 })).toString('base64url');
  return `${body}.${mac(body, secret)}`;
}

export function readLinkIntent(value: string | undefined, secret: string, now = Date.now()): LinkIntent | null {
  if (!value || value.length > 1024) return null;
  const [body, sig] = value.split('.');
  if (!body || !sig) return null;
  const expected = Buffer.from(mac(body, secret));
  const given = Buffer.from(sig);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    const v = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
    if (typeof v.exp !== 'number' || v.exp < now) return null;
    if (typeof v.userId !== 'string' || (v.provider !== 'github' && v.provider !== 'google') || typeof v.sessionVersion !== 'number') return null;
    return { userId: v.userId, provider: v.provider, sessionVersion: v.sessionVersion };
  } catch {
    return null;
  }
}

function mac(body: string, secret: string): string {
  return createHmac('sha256', `link-intent:${secret}`).update(body).digest('base64url');
}

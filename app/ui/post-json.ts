// Small fetch wrapper for the forms: always resolves, with the server's message on failure.

/** Shown wherever a request comes back 401: the session cookie expired or was cleared. */
export const SESSION_EXPIRED = 'Your session expired';
export const SESSION_EXPIRED_MESSAGE = `${SESSION_EXPIRED} — sign in again`;

/** The sign-in page, returning to `returnTo` (default: the page we are on) afterwards. */
export function signInHref(returnTo?: string): string {
  const back = returnTo ?? (typeof window === 'undefined' ? '/' : `${window.location.pathname}${window.location.search}`);
  return `/signin?callbackUrl=${encodeURIComponent(back)}`;
}

export interface Posted {
  ok: boolean;
  status: number;
  /** true on 401: the caller shows a sign-in link and keeps what the student typed */
  sessionExpired: boolean;
  data: any;
}

/** The sentences postJson itself writes (no answer from the server to pass on); usePostJson() gives them in the page's language. */
export interface PostSentences {
  expired: string;
  badResponse: (status: number) => string;
  unreachable: string;
}
const ENGLISH: PostSentences = {
  expired: `${SESSION_EXPIRED_MESSAGE}; nothing was submitted.`,
  badResponse: (status) => `The server answered ${status}.`,
  unreachable: 'Could not reach the server. Check your connection; nothing was submitted.',
};

export async function postJson(url: string, body: unknown, say: PostSentences = ENGLISH): Promise<Posted> {
  try {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    if (res.status === 401) {
      return { ok: false, status: 401, sessionExpired: true, data: { error: say.expired } };
    }
    const data = await res.json().catch(() => ({ error: say.badResponse(res.status) }));
    return { ok: res.ok, status: res.status, sessionExpired: false, data };
  } catch {
    return { ok: false, status: 0, sessionExpired: false, data: { error: say.unreachable } };
  }
}

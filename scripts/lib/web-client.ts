// A student as a browser is one, for benchmarks and tests against a running
// web server: sign up through /api/signup, sign in through next-auth's
// credentials callback (CSRF token first), and keep the session cookie;
// writes carry the site's Origin, as a browser's do.

export interface WebSession {
  cookie: string;
  fetch(path: string, init?: RequestInit): Promise<Response>;
}

function cookiesOf(res: Response): string[] {
  return res.headers.getSetCookie().map((c) => c.split(';')[0]!);
}

export async function signUp(base: string, who: { name: string; email: string; password: string }): Promise<void> {
  const res = await fetch(`${base}/api/signup`, { method: 'POST', headers: { 'content-type': 'application/json', origin: base }, body: JSON.stringify(who) });
  if (res.status !== 201) throw new Error(`sign-up of ${who.email}: HTTP ${res.status} ${await res.text()}`);
}

export async function signIn(base: string, who: { email: string; password: string }): Promise<WebSession> {
  const csrf = await fetch(`${base}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const jar = cookiesOf(csrf);
  const res = await fetch(`${base}/api/auth/callback/credentials`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: jar.join('; ') },
    body: new URLSearchParams({ csrfToken, email: who.email, password: who.password, json: 'true' }),
  });
  const session = cookiesOf(res).find((c) => /session-token=/.test(c));
  if (!session) throw new Error(`sign-in of ${who.email} gave no session (HTTP ${res.status})`);
  const cookie = session;
  return {
    cookie,
    // Origin as a browser sends it: the site refuses writes without its own.
    fetch: (path, init = {}) => fetch(`${base}${path}`, { ...init, headers: { ...(init.headers as Record<string, string>), cookie, origin: base } }),
  };
}

/** Sign up, then sign in: a new student with a session. */
export async function newStudent(base: string, who: { name: string; email: string; password: string }): Promise<WebSession> {
  await signUp(base, who);
  return signIn(base, who);
}

// next-auth answers a refused sign-in with 401 (JSON { url } for its client, or
// a redirect to the sign-in page). A rate-limited one becomes 429 with
// Retry-After, keeping next-auth's cookies and body, plus the wait in seconds
// so the sign-in form can say when to try again.
export async function throttledSignIn(res: Response, retryAfterSeconds: number): Promise<Response> {
  const headers = new Headers(res.headers);
  headers.set('retry-after', String(retryAfterSeconds));
  headers.delete('location');
  headers.delete('content-length');
  headers.set('content-type', 'application/json');
  let url = '/signin?error=TooManyAttempts';
  try {
    url = JSON.parse(await res.text()).url ?? url;
  } catch {
    // a redirect has no JSON body: keep the default
  }
  return new Response(JSON.stringify({ url, error: 'TooManyAttempts', retryAfterSeconds }), { status: 429, headers });
}

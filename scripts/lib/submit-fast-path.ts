import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { sessionCookie, userFromSessionToken } from '../../lib/auth/session-token';
import { submitRequest } from '../../app/api/exercises/[id]/submissions/submit-request';
import type { ApiRequest } from '../../app/api/respond';

// The web server answers POST /api/exercises/<id>/submissions itself, before
// Next.js routes the request: at a deadline rush that route is nearly every
// request, and Next.js's routing and request wrapping cost about 2.6 ms of CPU
// each where a plain Node handler costs 0.3 ms (bench/submit-burst.ts). It is
// the same handler the Next.js route calls (submit-request.ts): the same
// origin, content-type and size checks, session check, limits and answers.
// Whatever it does not take (another method or path, a chunked session cookie
// that needs next-auth's full round) goes to Next.js unchanged.

const SUBMIT_PATH = /^\/api\/exercises\/([^/?#]+)\/submissions\/?(?:\?.*)?$/;

export interface FastSubmit {
  exerciseId: string;
  /** the session token from the Cookie header, if any */
  token: string | null;
}

/** What the fast path needs when it serves this request, else null. */
export function fastSubmitTarget(req: Pick<IncomingMessage, 'method' | 'url' | 'headers'>): FastSubmit | null {
  if (req.method !== 'POST') return null;
  const m = SUBMIT_PATH.exec(req.url ?? '');
  if (!m) return null;
  const cookie = sessionCookie(req.headers.cookie);
  if (cookie && 'chunked' in cookie) return null;
  try {
    return { exerciseId: decodeURIComponent(m[1]!), token: cookie?.token ?? null };
  } catch {
    return null;
  }
}

export async function serveSubmit(req: IncomingMessage, res: ServerResponse, target: FastSubmit): Promise<void> {
  try {
    const request = apiRequest(req);
    const answer = await submitRequest(request, target.exerciseId, async () => (target.token ? userFromSessionToken(target.token) : null));
    const body = Buffer.from(await answer.arrayBuffer());
    const headers: Record<string, string> = {};
    answer.headers.forEach((v, k) => (headers[k] = v));
    headers['content-length'] = String(body.length);
    res.writeHead(answer.status, headers);
    res.end(body);
  } catch (e) {
    // respond() turns every error into an answer; this is a bug in the fast path itself
    console.error(`[web] submit fast path: ${(e as Error).stack ?? e}`);
    if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: 'Something went wrong on our side; your submission may not have been saved. Try again.' }));
  }
}

// The request as respond() reads it, straight from Node's: building a fetch
// Request (its Headers, URL and AbortSignal) cost about 0.5 ms of CPU per
// submission at a rush, as much as storing it.
function apiRequest(req: IncomingMessage): ApiRequest {
  const headers = req.headers;
  const get = (name: string) => {
    const v = headers[name.toLowerCase()];
    return v === undefined ? null : Array.isArray(v) ? v.join(', ') : v;
  };
  return {
    method: req.method ?? 'GET',
    url: `http://${headers.host ?? 'localhost'}${req.url ?? '/'}`,
    headers: { get, has: (name) => headers[name.toLowerCase()] !== undefined },
    body: Readable.toWeb(req) as ReadableStream<Uint8Array>,
  };
}

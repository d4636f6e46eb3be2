import { NextResponse } from 'next/server';
import { AppError, type AppErrorCode } from '@/lib/errors';
import { envValue } from '@/lib/env';
import { declaresBody, isJsonContentType, readJsonBody } from '@/lib/http/json-body';
import { fromSite, siteOrigins } from '@/lib/http/site-origin';
import { siteIsHttps, withApiHeaders } from '@/lib/http/security-headers';

// Every API route answers through respond(): it refuses cross-site writes and
// non-JSON bodies before the route runs, turns known errors into JSON with a
// message a person can act on, and sets the security headers. next-auth's own
// routes (app/api/auth) keep next-auth's CSRF token instead.

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function json(body: unknown, status: number): NextResponse {
  const res = NextResponse.json(body, { status });
  withApiHeaders(res, { https: siteIsHttps(envValue('NEXTAUTH_URL')) });
  return res;
}

/** Why a state-changing request is refused before the route runs, or null. Routes outside respond() (the queue dashboard) call it too. */
export function refuseWrite(req: Request): NextResponse | null {
  if (!WRITES.has(req.method)) return null;
  if (!fromSite(req.headers, siteOrigins(envValue('NEXTAUTH_URL'), req.url))) {
    return json({ error: 'This request did not come from a ConvGrade page (its Origin is another site); nothing was changed.' }, 403);
  }
  if (declaresBody(req.headers) && !isJsonContentType(req.headers.get('content-type'))) {
    return json({ error: 'Send the request body as JSON (Content-Type: application/json).' }, 415);
  }
  return null;
}

export async function respond(req: Request, work: () => Promise<unknown>, status = 200): Promise<NextResponse> {
  const refused = refuseWrite(req);
  if (refused) return refused;
  try {
    return json(await work(), status);
  } catch (e) {
    return errorResponse(e);
  }
}

// The one place where an error's code becomes an HTTP status.
const HTTP_STATUS: Record<AppErrorCode, number> = {
  invalid_input: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  unknown_exercise: 404,
  conflict: 409,
  too_large: 413,
  unsupported_media: 415,
  rate_limited: 429,
};

export function errorResponse(e: unknown): NextResponse {
  if (e instanceof AppError) {
    const res = json({ error: e.message, fieldErrors: e.details.fieldErrors }, HTTP_STATUS[e.code]);
    if (e.details.retryAfterSeconds !== undefined) res.headers.set('Retry-After', String(Math.ceil(e.details.retryAfterSeconds)));
    return res;
  }
  console.error(e);
  return json({ error: 'Something went wrong on our side; nothing you sent was lost. Please try again.' }, 500);
}

/** Model submissions carry base64 weights (MAX_MODEL_BYTES, 8 MiB, is ~10.7 MiB as base64). */
export const SUBMISSION_BODY_BYTES = 12 * 1024 * 1024;
/** Every other body is a form: sign-up, settings, an editor exercise. */
export const FORM_BODY_BYTES = 1024 * 1024;

/** The request's JSON body, at most maxBytes (UTF-8 bytes, counted while reading). */
export async function readJson(req: Request, maxBytes = FORM_BODY_BYTES): Promise<unknown> {
  return readJsonBody(req, maxBytes);
}

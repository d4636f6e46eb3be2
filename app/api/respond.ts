import { NextResponse } from 'next/server';
import { AppError, type AppErrorCode } from '@/lib/errors';
import { envValue } from '@/lib/env';
import { msg, type Text } from '@/lib/i18n/message';
import { renderText } from '@/lib/i18n/render';
import { isLocale, LOCALE_COOKIE, negotiateLocale, type Locale } from '@/lib/i18n/locales';
import { requestLocale } from './request-locale';
import { cookieValue } from '@/lib/http/cookies';
import { declaresBody, isJsonContentType, readJsonBody, type BodySource } from '@/lib/http/json-body';
import { fromSite, siteOrigins } from '@/lib/http/site-origin';
import { siteIsHttps, withApiHeaders } from '@/lib/http/security-headers';

// Every API route answers through respond(): it refuses cross-site writes and
// non-JSON bodies before the route runs, turns known errors into JSON with a
// message a person can act on, in the language of the page that asked (lib
// gives the sentence as data, see lib/i18n/message.ts), and sets the security
// headers. next-auth's own routes (app/api/auth) keep next-auth's CSRF token instead.

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** What respond() reads of a request: a fetch Request, or the web server's fast path's view of a Node request. */
export interface ApiRequest extends BodySource {
  readonly method: string;
  readonly url: string;
}

function json(body: unknown, status: number): NextResponse {
  const res = NextResponse.json(body, { status });
  withApiHeaders(res, { https: siteIsHttps(envValue('NEXTAUTH_URL')) });
  return res;
}

/** Why a state-changing request is refused before the route runs, or null. Routes outside respond() (the queue dashboard) call it too. */
export function refuseWrite(req: ApiRequest): NextResponse | null {
  if (!WRITES.has(req.method)) return null;
  // Before any route runs, so no database read: the cookie or the browser's language.
  const cookie = cookieValue(req.headers.get('cookie'), LOCALE_COOKIE);
  const locale = isLocale(cookie) ? cookie : negotiateLocale(req.headers.get('accept-language'));
  if (!fromSite(req.headers, siteOrigins(envValue('NEXTAUTH_URL'), req.url))) {
    return json(body('forbidden', msg('apiErrors.crossSite'), locale), 403);
  }
  if (declaresBody(req.headers) && !isJsonContentType(req.headers.get('content-type'))) {
    return json(body('unsupported_media', msg('apiErrors.notJson'), locale), 415);
  }
  return null;
}

/** The JSON of an error: `code` for clients to branch on, `error` for people. */
function body(code: AppErrorCode | 'internal', text: Text, locale: Locale, fieldErrors?: Record<string, string>) {
  return { error: renderText(text, locale), code, fieldErrors };
}

export async function respond(req: ApiRequest, work: () => Promise<unknown>, status = 200): Promise<NextResponse> {
  const refused = refuseWrite(req);
  if (refused) return refused;
  try {
    return json(await work(), status);
  } catch (e) {
    return errorResponse(e, req.headers);
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

/** An error as JSON, written in the language of whoever sent `headers` (see ./request-locale.ts). */
export async function errorResponse(e: unknown, headers: Pick<Headers, 'get'>): Promise<NextResponse> {
  const locale = await requestLocale(headers);
  if (e instanceof AppError) {
    const { fieldTexts, fieldErrors } = e.details;
    // A field with no text as data keeps its English sentence.
    const fields = fieldTexts ? { ...fieldErrors, ...Object.fromEntries(Object.entries(fieldTexts).map(([k, t]) => [k, renderText(t, locale)])) } : fieldErrors;
    const res = json(body(e.code, e.text, locale, fields), HTTP_STATUS[e.code]);
    if (e.details.retryAfterSeconds !== undefined) res.headers.set('Retry-After', String(Math.ceil(e.details.retryAfterSeconds)));
    return res;
  }
  console.error(e);
  return json(body('internal', msg('apiErrors.internal'), locale), 500);
}

/** Model submissions carry base64 weights (MAX_MODEL_BYTES, 8 MiB, is ~10.7 MiB as base64). */
export const SUBMISSION_BODY_BYTES = 12 * 1024 * 1024;
/** Every other body is a form: sign-up, settings, an editor exercise. */
export const FORM_BODY_BYTES = 1024 * 1024;

/** The request's JSON body, at most maxBytes (UTF-8 bytes, counted while reading). */
export async function readJson(req: ApiRequest, maxBytes = FORM_BODY_BYTES): Promise<unknown> {
  return readJsonBody(req, maxBytes);
}

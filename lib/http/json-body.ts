// Reading a JSON request body with every bound checked while reading: the
// declared length first, then the bytes as they arrive, then what JSON.parse
// cannot refuse on its own (lone surrogates, NUL, nesting depth).

import { AppError } from '../errors';
import { msg, type Message, type MessageValue } from '../i18n/message';

export const MAX_JSON_DEPTH = 64;

function tooLarge(maxBytes: number): AppError {
  const size = maxBytes >= 1048576 ? `${Math.round(maxBytes / 1048576)} MiB` : `${Math.round(maxBytes / 1024)} KiB`;
  return new AppError('too_large', msg('apiErrors.tooLarge', { size }));
}

/**
 * What reading a body needs of a request. A fetch Request has it; so does the
 * web server's fast path (scripts/lib/submit-fast-path.ts), which serves a
 * rush of submissions without building a Request for each.
 */
export interface BodySource {
  readonly headers: Pick<Headers, 'get' | 'has'>;
  readonly body: ReadableStream<Uint8Array> | null;
}

/** True when the request says it carries a body (a length above 0, or chunked). */
export function declaresBody(headers: Pick<Headers, 'get' | 'has'>): boolean {
  const length = headers.get('content-length');
  if (length !== null) return length.trim() !== '0';
  return headers.has('transfer-encoding');
}

export function isJsonContentType(value: string | null): boolean {
  if (!value) return false;
  const type = value.split(';')[0]!.trim().toLowerCase();
  return type === 'application/json';
}

/**
 * After a refusal, whatever the client still sends is read and dropped, never
 * kept: it then sees the 413 instead of a reset connection. Past DRAIN_BYTES or
 * DRAIN_MS the connection is cut instead.
 */
const DRAIN_BYTES = 64 * 1024 * 1024;
const DRAIN_MS = 30_000;

function discardRest(reader: ReadableStreamDefaultReader<Uint8Array>, alreadyRead: number): void {
  const started = Date.now();
  let total = alreadyRead;
  void (async () => {
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        total += value.byteLength;
        if (total > DRAIN_BYTES || Date.now() - started > DRAIN_MS) return void (await reader.cancel());
      }
    } catch {
      // The client went away: nothing left to drop.
    }
  })();
}

/** The body's bytes: refused past maxBytes before reading (declared length) or as soon as the bytes read pass it. */
export async function readBodyBytes(req: BodySource, maxBytes: number): Promise<Uint8Array> {
  const declared = req.headers.get('content-length');
  if (declared !== null && !(Number(declared) <= maxBytes)) {
    if (req.body) discardRest(req.body.getReader(), 0);
    throw tooLarge(maxBytes);
  }
  if (!req.body) return new Uint8Array();
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      chunks.length = 0;
      discardRest(reader, total);
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

/**
 * Where a parsed JSON value holds text the database or the graders cannot take, as a
 * sentence; null when clean. The place is the path as sent ("a".b[1]), a literal value.
 */
export function jsonTextProblem(value: unknown): Message | null {
  // '' is the body itself; an array body's items are "the body[0]".
  const place = (at: string): MessageValue => (at === '' || at.startsWith('[') ? msg('apiErrors.json.body', { path: at }) : at);
  const stack: { v: unknown; depth: number; at: string }[] = [{ v: value, depth: 0, at: '' }];
  while (stack.length) {
    const { v, depth, at } = stack.pop()!;
    if (depth > MAX_JSON_DEPTH) return msg('apiErrors.json.tooDeep', { max: MAX_JSON_DEPTH });
    if (typeof v === 'string') {
      const p = stringProblem(v);
      if (p) return msg(`apiErrors.json.${p}`, { at: place(at) });
    } else if (Array.isArray(v)) {
      v.forEach((item, i) => stack.push({ v: item, depth: depth + 1, at: `${at}[${i}]` }));
    } else if (v !== null && typeof v === 'object') {
      for (const [k, item] of Object.entries(v)) {
        const p = stringProblem(k);
        if (p) return msg(`apiErrors.json.${p}InName`, { at: place(at) });
        stack.push({ v: item, depth: depth + 1, at: at === '' ? `"${k.slice(0, 40)}"` : `${at}.${k.slice(0, 40)}` });
      }
    }
  }
  return null;
}

// In a /u pattern a surrogate pair is one code point, so only lone halves match.
const LONE_SURROGATE = /\p{Cs}/u;

/** Which problem a string has (apiErrors.json.nul / .surrogate), or null. */
function stringProblem(s: string): 'nul' | 'surrogate' | null {
  if (s.includes('\u0000')) return 'nul';
  if (LONE_SURROGATE.test(s)) return 'surrogate';
  return null;
}

/** The JSON body of a request, bounded and checked; {} when there is none. */
export async function readJsonBody(req: BodySource, maxBytes: number): Promise<unknown> {
  const bytes = await readBodyBytes(req, maxBytes);
  if (bytes.byteLength === 0) return {};
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new AppError('invalid_input', msg('apiErrors.notUtf8'));
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new AppError('invalid_input', msg('apiErrors.notJsonBody'));
  }
  const problem = jsonTextProblem(value);
  if (problem) throw new AppError('invalid_input', problem);
  return value;
}

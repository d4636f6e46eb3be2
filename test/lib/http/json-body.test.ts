import { describe, expect, it } from 'vitest';
import { AppError } from '../../../lib/errors';
import { MAX_JSON_DEPTH, declaresBody, isJsonContentType, jsonTextProblem, readJsonBody } from '../../../lib/http/json-body';

const post = (body: BodyInit | null, headers: Record<string, string> = {}) =>
  new Request('http://site/api/x', { method: 'POST', body, headers, duplex: 'half' } as RequestInit);

async function refusal(p: Promise<unknown>): Promise<AppError> {
  const e = await p.then(() => null, (err: unknown) => err);
  expect(e).toBeInstanceOf(AppError);
  return e as AppError;
}

/** A body of `total` bytes in 64 KiB chunks that counts how much was pulled from it. */
function countingStream(total: number) {
  const chunk = new Uint8Array(65536).fill(0x20);
  const state = { pulled: 0 };
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (state.pulled >= total) return controller.close();
      state.pulled += chunk.byteLength;
      controller.enqueue(chunk);
    },
  });
  return { stream, state };
}

describe('reading a JSON body', () => {
  it('parses JSON and reads no body as {}', async () => {
    expect(await readJsonBody(post('{"a":[1,"b"]}'), 1024)).toEqual({ a: [1, 'b'] });
    expect(await readJsonBody(post(null), 1024)).toEqual({});
  });

  it('refuses a declared length over the cap before reading the body', async () => {
    const { stream, state } = countingStream(50 * 1048576);
    const req = post(stream, { 'content-length': String(50 * 1048576) });
    const refused = readJsonBody(req, 1048576).then(
      () => null,
      (e: AppError) => ({ code: e.code, pulled: state.pulled }),
    );
    const r = await refused;
    expect(r?.code).toBe('too_large');
    expect(r!.pulled).toBeLessThan(1048576);
  });

  it('stops keeping an undeclared body once it passes the cap', async () => {
    const { stream, state } = countingStream(50 * 1048576);
    const refused = readJsonBody(post(stream), 1048576).then(
      () => null,
      (e: AppError) => ({ code: e.code, message: e.message, pulled: state.pulled }),
    );
    const r = await refused;
    expect(r?.code).toBe('too_large');
    expect(r?.message).toMatch(/larger than 1 MiB/);
    expect(r!.pulled).toBeLessThan(2 * 1048576);
  });

  it('drops the rest of a refused body, and cuts it off past 64 MiB', async () => {
    const small = countingStream(8 * 1048576);
    await refusal(readJsonBody(post(small.stream, { 'content-length': String(8 * 1048576) }), 1024));
    await expect.poll(() => small.state.pulled).toBeGreaterThanOrEqual(8 * 1048576);
    const endless = countingStream(Number.MAX_SAFE_INTEGER);
    await refusal(readJsonBody(post(endless.stream), 1024));
    await expect.poll(() => endless.state.pulled, { timeout: 10_000 }).toBeGreaterThan(64 * 1048576);
    const stopped = endless.state.pulled;
    await new Promise((r) => setTimeout(r, 200));
    expect(endless.state.pulled).toBe(stopped);
  });

  it('counts bytes, not UTF-16 units', async () => {
    // 400 "é" are 400 UTF-16 units but 800 bytes (+ quotes).
    const body = JSON.stringify('é'.repeat(400));
    expect(body.length).toBeLessThan(500);
    expect((await refusal(readJsonBody(post(body), 500))).code).toBe('too_large');
    expect(await readJsonBody(post(body), 1000)).toBe('é'.repeat(400));
  });

  it('answers 400 with a clear message to bad JSON, bad UTF-8, NUL and lone surrogates anywhere', async () => {
    const cases: [BodyInit, RegExp][] = [
      ['{"a":', /not valid JSON/],
      [new Uint8Array([0x22, 0xff, 0xfe, 0x22]), /not valid UTF-8/],
      ['{"name":"a\\u0000b"}', /"name" contains a NUL/],
      ['{"source":"x\\ud800y"}', /"source" contains a lone UTF-16 surrogate/],
      ['{"a":{"b":["ok","\\udfff"]}}', /"a"\.b\[1\] contains a lone/],
      ['{"k\\ud800":1}', /field name .* lone/],
      ['["\\u0000"]', /contains a NUL/],
    ];
    for (const [body, message] of cases) {
      const e = await refusal(readJsonBody(post(body), 1024));
      expect(e.code, String(message)).toBe('invalid_input');
      expect(e.message).toMatch(message);
    }
  });

  it('accepts well-formed surrogate pairs (emoji, CJK extensions)', async () => {
    expect(await readJsonBody(post('{"name":"\\ud83d\\ude00 😀 𠀋"}'), 1024)).toEqual({ name: '😀 😀 𠀋' });
  });

  it('refuses nesting deeper than the limit, without recursion', async () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    expect((await refusal(readJsonBody(post(deep), 1048576))).message).toMatch(/nested more than/);
    const ok = '['.repeat(MAX_JSON_DEPTH) + ']'.repeat(MAX_JSON_DEPTH);
    expect(jsonTextProblem(JSON.parse(ok))).toBeNull();
  });
});

describe('request shape', () => {
  it('knows when a request declares a body', () => {
    expect(declaresBody(new Headers({ 'content-length': '12' }))).toBe(true);
    expect(declaresBody(new Headers({ 'transfer-encoding': 'chunked' }))).toBe(true);
    expect(declaresBody(new Headers({ 'content-length': '0' }))).toBe(false);
    expect(declaresBody(new Headers({}))).toBe(false);
  });

  it('takes only application/json as JSON', () => {
    expect(isJsonContentType('application/json')).toBe(true);
    expect(isJsonContentType('Application/JSON; charset=utf-8')).toBe(true);
    for (const t of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json-patch+json', 'text/plain; application/json', '', null]) {
      expect(isJsonContentType(t), String(t)).toBe(false);
    }
  });
});

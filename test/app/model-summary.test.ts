import { describe, expect, it, vi } from 'vitest';

// The model form's preview: whatever a student pastes, the answer is a 4xx
// with a sentence in their language, never a 500 or an exception's own words.
vi.mock('@/lib/auth/session', () => ({ currentUser: async () => ({ id: 'u1', role: 'student', name: 'S', email: 's@example.com' }) }));
const { POST } = await import('../../app/api/model-summary/route');

const SITE = 'http://localhost:3000';
function post(body: unknown, locale: 'en' | 'vi'): Request {
  return new Request(`${SITE}/api/model-summary`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: SITE, cookie: `convgrade-locale=${locale}` },
    body: JSON.stringify(body),
  });
}
async function answer(body: unknown, locale: 'en' | 'vi') {
  const res = await POST(post(body, locale));
  return { status: res.status, ...((await res.json()) as { error?: string; code?: string; summary?: string }) };
}

describe('POST /api/model-summary', () => {
  it('a model that does not parse: 400, in the reader\'s language', async () => {
    const body = { format: 'keras', content: '{"class_name": "Dense", "config": {}}' };
    expect(await answer(body, 'en')).toMatchObject({
      status: 400,
      code: 'invalid_input',
      error: 'This model cannot be accepted:\ntop-level class "Dense" is not a Keras Sequential or Functional model',
    });
    expect(await answer(body, 'vi')).toMatchObject({
      status: 400,
      error: 'Mô hình này không được chấp nhận:\nclass ngoài cùng "Dense" không phải là mô hình Keras Sequential hay Functional',
    });
  });

  it('a body without format and content: 400 naming what is expected', async () => {
    expect(await answer({ content: 1 }, 'vi')).toMatchObject({ status: 400, error: 'Nội dung yêu cầu cần có dạng { format, content }.' });
  });

  it('a document nested 200,000 deep (it would overflow the converters\' stack) is a 400 sentence, not a 500', async () => {
    const deep = '['.repeat(200_000) + ']'.repeat(200_000);
    const content = `{"class_name":"Functional","config":{"input_layers":[["in",0,0]],"output_layers":[["d",0,0]],"layers":[{"class_name":"InputLayer","name":"in","config":{"batch_shape":[null,784]}},{"class_name":"Dense","name":"d","config":{"units":10},"inbound_nodes":[${deep}]}]}}`;
    const r = await answer({ format: 'keras', content }, 'vi');
    expect(r).toMatchObject({ status: 400, code: 'invalid_input' });
    expect(r.error).toMatch(/^Mô hình này không được chấp nhận:\n.* lồng nhau sâu hơn 64 cấp/);
    expect(r.error).not.toMatch(/RangeError|call stack/);
  });

  it('a good model still gets its summary', async () => {
    const spec = { layers: [{ type: 'flatten' }, { type: 'dense', units: 10, activation: 'softmax' }] };
    const r = await answer({ format: 'spec', content: JSON.stringify(spec) }, 'vi');
    expect(r.status).toBe(200);
    expect(r.summary).toContain('7,850');
  });
});

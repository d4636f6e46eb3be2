import { describe, expect, it } from 'vitest';
import { fastSubmitTarget } from '../../scripts/lib/submit-fast-path';

const req = (method: string, url: string, cookie?: string) => ({ method, url, headers: cookie ? { cookie } : {} });

describe('which requests the web server answers before Next.js', () => {
  it('takes submissions to an exercise, with or without a session', () => {
    expect(fastSubmitTarget(req('POST', '/api/exercises/conv3x3/submissions'))).toEqual({ exerciseId: 'conv3x3', token: null });
    expect(fastSubmitTarget(req('POST', '/api/exercises/conv%2Dsize/submissions?x=1', 'next-auth.session-token=t'))).toEqual({ exerciseId: 'conv-size', token: 't' });
  });

  it('leaves everything else to Next.js', () => {
    expect(fastSubmitTarget(req('GET', '/api/exercises/conv3x3/submissions'))).toBeNull();
    expect(fastSubmitTarget(req('POST', '/api/exercises/conv3x3/submissions/visible'))).toBeNull();
    expect(fastSubmitTarget(req('POST', '/api/exercises/conv3x3'))).toBeNull();
    expect(fastSubmitTarget(req('POST', '/api/exercises/%E0%A4%A/submissions'))).toBeNull();
    // a chunked session cookie needs next-auth's full round, which only the Next.js route has
    expect(fastSubmitTarget(req('POST', '/api/exercises/conv3x3/submissions', 'next-auth.session-token.0=a; next-auth.session-token.1=b'))).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { API_CSP, AUTH_CSP, baseSecurityHeaders, pageCsp, siteIsHttps, withApiHeaders } from '../../../lib/http/security-headers';

describe('security headers', () => {
  it('a page CSP trusts only its nonce for scripts and forbids framing', () => {
    const csp = pageCsp({ nonce: 'abc', https: false });
    expect(csp).toContain("script-src 'self' 'nonce-abc' 'strict-dynamic';");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).not.toContain('upgrade-insecure-requests');
    expect(pageCsp({ nonce: 'abc', https: false, dev: true })).toContain("'unsafe-eval'");
  });

  it('an https site gets HSTS and upgrade-insecure-requests, an http one neither', () => {
    expect(siteIsHttps('https://g.example.edu')).toBe(true);
    expect(siteIsHttps('http://localhost:3000')).toBe(false);
    expect(siteIsHttps(undefined)).toBe(false);
    expect(baseSecurityHeaders({ https: true })['strict-transport-security']).toMatch(/max-age=31536000/);
    expect(baseSecurityHeaders({ https: false })['strict-transport-security']).toBeUndefined();
    expect(pageCsp({ nonce: 'n', https: true })).toContain('upgrade-insecure-requests');
    expect(baseSecurityHeaders({ https: false })).toMatchObject({ 'x-content-type-options': 'nosniff', 'referrer-policy': 'same-origin' });
  });

  it('sets the API headers even on a response whose headers are read-only', async () => {
    const redirect = Response.redirect('http://site/signin', 302);
    const out = withApiHeaders(redirect, { https: true });
    expect(out.status).toBe(302);
    expect(out.headers.get('location')).toBe('http://site/signin');
    expect(out.headers.get('content-security-policy')).toBe(API_CSP);
    expect(out.headers.get('strict-transport-security')).toBeTruthy();
    const plain = withApiHeaders(new Response('{}'), { https: false });
    expect(plain.headers.get('x-content-type-options')).toBe('nosniff');
    // next-auth's sign-out page posts its form to the site; API answers post nothing anywhere.
    const auth = withApiHeaders(new Response(''), { https: false, csp: AUTH_CSP }).headers.get('content-security-policy');
    expect(auth).toContain("form-action 'self'");
    expect(auth).toContain("frame-ancestors 'none'");
    expect(API_CSP).toContain("form-action 'none'");
  });
});

import { describe, expect, it } from 'vitest';
import { fromSite, safeCallbackUrl, siteOrigins } from '../../../lib/http/site-origin';

const site = siteOrigins('https://grading.example.edu', 'http://10.0.0.5:3000/api/x');
const h = (headers: Record<string, string>) => new Headers(headers);

describe('the site origin', () => {
  it('is NEXTAUTH_URL when set, else the address the request came to', () => {
    expect(site).toEqual(['https://grading.example.edu']);
    expect(siteOrigins(undefined, 'http://example.org:8080/api/x')).toEqual(['http://example.org:8080']);
  });

  it('accepts both spellings of a loopback site, on its own port only', () => {
    const local = siteOrigins('http://localhost:3000', 'http://127.0.0.1:3000/');
    expect(local).toContain('http://localhost:3000');
    expect(local).toContain('http://127.0.0.1:3000');
    expect(local).not.toContain('http://localhost:3001');
  });
});

describe('writes from the site', () => {
  it('accepts the site Origin, and a Referer from the site when there is no Origin', () => {
    expect(fromSite(h({ origin: 'https://grading.example.edu' }), site)).toBe(true);
    expect(fromSite(h({ referer: 'https://grading.example.edu/exercises/conv3x3' }), site)).toBe(true);
  });

  it('refuses other sites, sibling subdomains, other ports and schemes, null and missing origins', () => {
    for (const origin of ['https://evil.example', 'https://cs.example.edu', 'https://grading.example.edu:8443', 'http://grading.example.edu', 'null', 'not a url']) {
      expect(fromSite(h({ origin }), site), origin).toBe(false);
    }
    // An Origin from elsewhere is not excused by a Referer from the site.
    expect(fromSite(h({ origin: 'https://evil.example', referer: 'https://grading.example.edu/' }), site)).toBe(false);
    expect(fromSite(h({ referer: 'https://evil.example/page' }), site)).toBe(false);
    expect(fromSite(h({}), site)).toBe(false);
  });
});

describe('callbackUrl after sign-in', () => {
  it('keeps paths and full URLs on the site', () => {
    expect(safeCallbackUrl('/exercises/conv3x3?tab=2#a', site)).toBe('/exercises/conv3x3?tab=2#a');
    expect(safeCallbackUrl('https://grading.example.edu/leaderboard', site)).toBe('/leaderboard');
    expect(safeCallbackUrl(undefined, site)).toBe('/');
    // A scheme-relative "https:x" resolves against the site, as the browser would resolve it.
    expect(safeCallbackUrl('https:evil.com', site)).toBe('/evil.com');
  });

  it('sends anything that resolves elsewhere to the home page', () => {
    const evil = ['//evil.com', '/\\evil.com', '\\\\evil.com', '/\t/evil.com', '/\n/evil.com', ' //evil.com', 'https://evil.com/', 'javascript:alert(1)', 'http://grading.example.edu/', 'https://grading.example.edu.evil.com/', 'https://grading.example.edu@evil.com/'];
    for (const raw of evil) expect(safeCallbackUrl(raw, site), JSON.stringify(raw)).toBe('/');
  });

  it('never answers a path the browser would read as another host', () => {
    // Same origin, but "//evil.com" as a path would be protocol-relative.
    expect(safeCallbackUrl('https://grading.example.edu//evil.com/x', site)).toBe('/evil.com/x');
    expect(safeCallbackUrl('/%5Cevil.com', site).startsWith('//')).toBe(false);
    expect(new URL(safeCallbackUrl('/%5Cevil.com', site), 'https://grading.example.edu').origin).toBe('https://grading.example.edu');
  });
});

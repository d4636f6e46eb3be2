import { describe, expect, it } from 'vitest';
import { chooseLocale, negotiateLocale } from '@/lib/i18n/locales';

describe('negotiateLocale (Accept-Language)', () => {
  it('takes the highest-weighted language we have; a region matches its language', () => {
    expect(negotiateLocale('vi-VN,vi;q=0.9,en-US;q=0.8,en;q=0.7')).toBe('vi');
    expect(negotiateLocale('en-GB,en;q=0.9,vi;q=0.8')).toBe('en');
    expect(negotiateLocale('fr-FR,fr;q=0.9,vi;q=0.5')).toBe('vi');
    expect(negotiateLocale('en;q=0.2, vi;q=0.8')).toBe('vi');
  });
  it('falls back to English for nothing, nonsense, q=0 or a language we do not have', () => {
    expect(negotiateLocale(undefined)).toBe('en');
    expect(negotiateLocale('')).toBe('en');
    expect(negotiateLocale('*')).toBe('en');
    expect(negotiateLocale('vi;q=0')).toBe('en');
    expect(negotiateLocale('de-DE,de;q=0.9')).toBe('en');
    expect(negotiateLocale('vi;q=abc')).toBe('en');
  });
  it('reads only a bounded header', () => {
    expect(negotiateLocale(`${'x-y;q=0.9,'.repeat(10_000)}vi`)).toBe('en');
  });
});

describe('chooseLocale', () => {
  it('prefers the switch cookie, then the saved choice, then the browser', () => {
    expect(chooseLocale({ cookie: 'en', saved: 'vi', acceptLanguage: 'vi' })).toBe('en');
    expect(chooseLocale({ cookie: null, saved: 'vi', acceptLanguage: 'en' })).toBe('vi');
    expect(chooseLocale({ cookie: 'klingon', saved: null, acceptLanguage: 'vi-VN' })).toBe('vi');
    expect(chooseLocale({})).toBe('en');
  });
});

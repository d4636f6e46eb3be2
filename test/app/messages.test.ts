import { describe, expect, it } from 'vitest';
import en from '../../messages/en.json';
import vi from '../../messages/vi.json';

// Every interface string exists in both languages, with the same {placeholders}
// and <tags>, so no reader meets a raw key or an unfilled value.

type Tree = { [k: string]: string | Tree };
function flatten(t: Tree, prefix = ''): Record<string, string> {
  return Object.fromEntries(
    Object.entries(t).flatMap(([k, v]) => (typeof v === 'string' ? [[prefix + k, v]] : Object.entries(flatten(v, `${prefix}${k}.`)))),
  );
}
// Top-level ICU arguments ("{points, plural, ...}" names "points") and rich-text tags.
const argumentsOf = (s: string) => [...new Set([...s.matchAll(/\{(\w+)[,}]/g)].map((m) => m[1]).concat([...s.matchAll(/<(\w+)>/g)].map((m) => `<${m[1]}>`)))].sort();

describe('messages', () => {
  const a = flatten(en as Tree);
  const b = flatten(vi as Tree);
  it('has the same keys in English and Vietnamese', () => {
    expect(Object.keys(b).sort()).toEqual(Object.keys(a).sort());
  });
  it('uses the same placeholders and tags in both', () => {
    for (const key of Object.keys(a)) expect(argumentsOf(b[key] ?? ''), key).toEqual(argumentsOf(a[key]!));
  });
  it('has no empty string', () => {
    for (const [key, v] of Object.entries({ ...a, ...b })) expect(v.trim(), key).not.toBe('');
  });
});

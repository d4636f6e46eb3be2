import fs from 'node:fs';
import path from 'node:path';
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

// Keys lib/ and app/ name as data (msg('…'), a schema's message key, a helper
// with its group: modelError('x') is modelErrors.x) exist in the catalogs;
// next-intl's t('…') is checked by tsc already. Keys built at run time are not seen.
describe('keys used in code', () => {
  const root = path.resolve(import.meta.dirname, '../..');
  const files = (dir: string): string[] =>
    fs.readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((d) =>
      d.isDirectory() ? (d.name === 'generated' ? [] : files(`${dir}/${d.name}`)) : /\.tsx?$/.test(d.name) ? [`${dir}/${d.name}`] : [],
    );
  const GROUPS = /'((?:modelErrors|validation|apiErrors|authoring|work|trainingChoice|answerErrors)\.[\w.]+)'/g;
  const HELPERS: [RegExp, RegExp, string][] = [
    [/^lib\/model\//, /\b(?:m|modelError)\(\s*'([\w.]+)'/g, 'modelErrors.'],
    [/^lib\/authoring\/(formula|variant)\.ts$/, /\bf\(\s*'([\w.]+)'/g, 'authoring.formula.'],
    [/^lib\/authoring\/validate\.ts$/, /\bcheck\(\s*'([\w.]+)'/g, 'authoring.checks.'],
  ];
  const used = new Set<string>();
  for (const file of [...files('lib'), ...files('app')]) {
    const src = fs.readFileSync(path.join(root, file), 'utf8');
    for (const m of src.matchAll(GROUPS)) if (!m[1]!.endsWith('.')) used.add(m[1]!);
    for (const [where, call, prefix] of HELPERS) if (where.test(file)) for (const m of src.matchAll(call)) used.add(prefix + m[1]);
  }
  const en_ = flatten(en as Tree);
  const vi_ = flatten(vi as Tree);

  it('finds the keys (the scan itself works)', () => {
    expect(used).toContain('modelErrors.lambda');
    expect(used).toContain('authoring.formula.empty');
    expect(used).toContain('validation.details.kebab');
  });
  // useTranslations('authoring.form') names a group, not a sentence.
  const isGroup = (key: string) => Object.keys(en_).some((k) => k.startsWith(`${key}.`));
  it('every one is a sentence in English and in Vietnamese', () => {
    for (const key of [...used].filter((k) => !isGroup(k))) {
      expect(en_[key], `en ${key}`).toBeTypeOf('string');
      expect(vi_[key], `vi ${key}`).toBeTypeOf('string');
    }
  });
});

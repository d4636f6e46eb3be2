import { IntlMessageFormat } from 'intl-messageformat';
import en from '../../messages/en.json';
import vi from '../../messages/vi.json';
import type { Locale } from './locales';
import { isMessage, type Message, type Text } from './message';

// Renders lib/i18n/message.ts's sentences from messages/*.json: in the reader's
// language at the edges, in English for logs, the CLI and the worker.

type Tree = { [k: string]: string | Tree };
const CATALOGS: Record<Locale, Tree> = { en: en as Tree, vi: vi as Tree };
const cache = new Map<string, IntlMessageFormat>();

function template(locale: Locale, key: string): string | undefined {
  let node: string | Tree | undefined = CATALOGS[locale];
  for (const part of key.split('.')) node = typeof node === 'object' ? node[part] : undefined;
  return typeof node === 'string' ? node : undefined;
}

function renderMessage(m: Message, locale: Locale): string {
  // A key missing in one language falls back to English, then to the key itself (test/app/messages.test.ts keeps both complete).
  const source = template(locale, m.key) ?? template('en', m.key);
  if (source === undefined) return m.key;
  const id = `${locale}\u0000${m.key}`;
  let format = cache.get(id);
  if (!format) cache.set(id, (format = new IntlMessageFormat(source, locale)));
  const values = Object.fromEntries(Object.entries(m.values ?? {}).map(([k, v]) => [k, isMessage(v) ? renderMessage(v, locale) : v]));
  return String(format.format(values));
}

/** The text in `locale`; several sentences are joined by a space. */
export function renderText(t: Text, locale: Locale = 'en'): string {
  if (typeof t === 'string') return t;
  if (isMessage(t)) return renderMessage(t, locale);
  return (t as readonly Text[]).map((x) => renderText(x, locale)).filter(Boolean).join(' ');
}

import { IntlMessageFormat } from 'intl-messageformat';
import en from '../../messages/en.json';
import vi from '../../messages/vi.json';
import type { Locale } from './locales';
import { formatText, type Text } from './message';

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

function formatMessage(key: string, values: Record<string, string | number>, locale: Locale): string {
  // A key missing in one language falls back to English, then to the key itself (test/app/messages.test.ts keeps both complete).
  const source = template(locale, key) ?? template('en', key);
  if (source === undefined) return key;
  const id = `${locale}\u0000${key}`;
  let format = cache.get(id);
  if (!format) cache.set(id, (format = new IntlMessageFormat(source, locale)));
  return String(format.format(values));
}

/** Whether `key` names a sentence of the catalogs (a schema may give one as its message, see lib/forms/messages.ts). */
export function hasMessage(key: string): boolean {
  return template('en', key) !== undefined;
}

/** The text in `locale`; several sentences are joined by a space. */
export function renderText(t: Text, locale: Locale = 'en'): string {
  return formatText(t, (key, values) => formatMessage(key, values, locale));
}

// Sentences as data. lib/ cannot know who reads an error, so it says *which*
// sentence with which values (a key of messages/*.json); the edge that sees the
// reader (app/api/respond.ts, a form) renders it in their language
// (lib/i18n/render.ts). No catalogs here: client forms import this module.

/** One sentence of messages/*.json: `key` is its dotted path, `values` fill its {placeholders}. */
export interface Message {
  readonly key: string;
  readonly values?: Readonly<Record<string, MessageValue>>;
}
/** A value can itself be a sentence (a field's translated label inside "X must be at most 100."). */
export type MessageValue = string | number | Message;
/** What lib hands an edge: a literal (not translated, e.g. a parser's own words), a sentence, or several in a row. */
export type Text = string | Message | readonly Text[];

export const msg = (key: string, values?: Record<string, MessageValue>): Message => (values ? { key, values } : { key });

export function isMessage(v: unknown): v is Message {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && typeof (v as Message).key === 'string';
}


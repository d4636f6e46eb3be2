// Sentences as data. lib/ cannot know who reads an error, so it says *which*
// sentence with which values (a key of messages/*.json); the edge that sees the
// reader (app/api/respond.ts, a form) renders it in their language
// (lib/i18n/render.ts). No catalogs here: client forms import this module.

/** One sentence of messages/*.json: `key` is its dotted path, `values` fill its {placeholders}. */
export interface Message {
  readonly key: string;
  readonly values?: Readonly<Record<string, MessageValue>>;
}
/**
 * A value can itself be a sentence (a field's translated label inside "X must be at most 100."),
 * or a list of texts shown one per line (a model's problems inside "Your model was not accepted:").
 */
export type MessageValue = string | number | Message | readonly Text[];
/** What lib hands an edge: a literal (not translated, e.g. a parser's own words), a sentence, or several in a row. */
export type Text = string | Message | readonly Text[];

export const msg = (key: string, values?: Record<string, MessageValue>): Message => (values ? { key, values } : { key });

export function isMessage(v: unknown): v is Message {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && typeof (v as Message).key === 'string';
}

/**
 * A text as one string, each sentence formatted by `format` (its key and its
 * values, nested sentences already formatted); several are joined by a space.
 * The server formats from messages/*.json (./render.ts), a client component
 * with next-intl's loaded messages (app/ui/use-text.ts).
 */
export function formatText(t: Text, format: (key: string, values: Record<string, string | number>) => string): string {
  if (typeof t === 'string') return t;
  if (isMessage(t)) {
    const value = (v: MessageValue) => (isMessage(v) ? formatText(v, format) : Array.isArray(v) ? v.map((x) => formatText(x, format)).join('\n') : (v as string | number));
    const values = Object.fromEntries(Object.entries(t.values ?? {}).map(([k, v]) => [k, value(v)]));
    return format(t.key, values);
  }
  return (t as readonly Text[]).map((x) => formatText(x, format)).filter(Boolean).join(' ');
}

import { parse as parseYaml } from 'yaml';
import { modelError } from './errors';
import type { Message } from '../i18n/message';

// Size caps come before any parsing so a huge upload costs nothing. Specs are
// hand-written, so their cap is small; Keras JSON is verbose (~1 KB per layer).
export const MAX_SPEC_BYTES = 256 * 1024;
export const MAX_KERAS_BYTES = 8 * 1024 * 1024;

export function byteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/** `what` names the document in the sentence ("the layer spec"); the parser's own words stay a literal value. */
export function parseDocument(opts: { text: string; yaml: boolean; what: Message }): { ok: true; value: unknown } | { ok: false; error: Message } {
  try {
    return { ok: true, value: JSON.parse(opts.text) };
  } catch (jsonError) {
    if (!opts.yaml) return { ok: false, error: modelError('notJson', { what: opts.what, detail: (jsonError as Error).message }) };
  }
  try {
    // Aliases are capped so a "billion laughs" document cannot expand.
    return { ok: true, value: parseYaml(opts.text, { maxAliasCount: 50, prettyErrors: true }) };
  } catch (e) {
    return { ok: false, error: modelError('notJsonOrYaml', { what: opts.what, detail: (e as Error).message.split('\n')[0]! }) };
  }
}

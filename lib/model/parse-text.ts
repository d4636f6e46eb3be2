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
  const parsed = parseText(opts);
  // The converters walk the document recursively: a deep one would overflow the stack.
  if (parsed.ok && deeperThan(parsed.value, MAX_DEPTH)) return { ok: false, error: modelError('tooDeep', { what: opts.what, max: MAX_DEPTH }) };
  return parsed;
}

/** Far more than any model's JSON (a Keras layer's inbound_nodes is about 6 deep). */
export const MAX_DEPTH = 64;

/** Whether `value` nests more than `max` arrays or objects, found without recursion. */
function deeperThan(value: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth >= max) return true;
    for (const item of Object.values(v)) stack.push([item, depth + 1]);
  }
  return false;
}

function parseText(opts: { text: string; yaml: boolean; what: Message }): { ok: true; value: unknown } | { ok: false; error: Message } {
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

import type { z } from 'zod';
import { msg, type Message, type MessageValue, type Text } from '../i18n/message';
import { hasMessage, renderText } from '../i18n/render';

// Validation problems as sentences people can act on, naming the field the
// way the form labels it: "Late penalty (% per started day) must be at most
// 100." instead of zod's "latePenaltyPercentPerDay: Too big: expected number
// to be <=100". Pure and framework-free: servers and forms share it. The
// sentences are messages/*.json keys under "validation" (lib/i18n/message.ts), so
// the edge that knows the reader writes them in the reader's language.

type Issue = z.core.$ZodIssue;
type Path = readonly PropertyKey[];

/**
 * Labels keyed by dotted path; "#" stands for a list index and is shown
 * 1-based: { 'params.#.name': 'Parameter # name' } labels params.0.name
 * "Parameter 1 name". A label is English text or a message (translated; a
 * list item's number is its {n}). A path without a label is spelled out from its last key.
 */
export type FieldLabels = Readonly<Record<string, string | Message>>;

export function labelFor(path: Path, labels: FieldLabels = {}): string | Message {
  const key = path.map(String).join('.');
  if (labels[key]) return labels[key];
  const indices = path.filter((p): p is number => typeof p === 'number');
  const pattern = path.map((p) => (typeof p === 'number' ? '#' : String(p))).join('.');
  let i = 0;
  const label = labels[pattern];
  if (typeof label === 'string') return label.replace(/#/g, () => String((indices[i++] ?? 0) + 1));
  if (label) return msg(label.key, { ...label.values, n: (indices[0] ?? 0) + 1 });
  // Nearest labelled parent: "Answer 2 formula" for fields.1.formula.x
  for (let n = path.length - 1; n > 0; n--) {
    const parent = path.slice(0, n);
    const parentKey = parent.map((p) => (typeof p === 'number' ? '#' : String(p))).join('.');
    if (labels[parentKey] || labels[parent.map(String).join('.')]) return labelFor(parent, labels);
  }
  const last = [...path].reverse().find((p) => typeof p === 'string') as string | undefined;
  return humanize(last ?? 'This value');
}

/** "latePenaltyPercentPerDay" → "Late penalty percent per day". */
export function humanize(key: string): string {
  const words = key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/[_-]+/g, ' ').toLowerCase().trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * A schema's own message when it is a key of messages/*.json: our schemas
 * write keys, not English (`.regex(re, 'validation.details.kebab')`, a custom
 * issue's `params` fill its {placeholders}, a size check's bound fills {min} or
 * {max}), so no English text has to be matched back to its sentence.
 */
export function ownMessage(issue: Issue): Message | undefined {
  if (!hasMessage(issue.message)) return undefined;
  const bound: Record<string, number> = 'minimum' in issue ? { min: Number(issue.minimum) } : 'maximum' in issue ? { max: Number(issue.maximum) } : {};
  const params = issue.code === 'custom' ? (issue.params as Record<string, MessageValue> | undefined) : undefined;
  return msg(issue.message, { ...bound, ...params });
}

/** A schema's own message as a sentence: its key's, else as written. */
function detailOf(issue: Issue): MessageValue {
  return ownMessage(issue) ?? sentence(issue.message);
}

/** One issue as a sentence about `label`. `value` is what was sent at that path, when known. */
export function describeIssue(issue: Issue, label: MessageValue, value?: unknown): Message {
  const missing = value === undefined || value === null || value === '';
  const n = (x: unknown) => (typeof x === 'bigint' ? x.toString() : String(x));
  const say = (key: string, values: Record<string, MessageValue> = {}) => msg(`validation.${key}`, { label, ...values });
  switch (issue.code) {
    case 'too_big': {
      if (issue.origin === 'string') return say('maxLength', { max: n(issue.maximum) });
      if (issue.origin === 'array' || issue.origin === 'set') return say('maxEntries', { max: n(issue.maximum) });
      return say(issue.inclusive ? 'atMost' : 'lessThan', { max: n(issue.maximum) });
    }
    case 'too_small': {
      if (issue.origin === 'string') return Number(issue.minimum) <= 1 ? say('required') : say('minLength', { min: n(issue.minimum) });
      if (issue.origin === 'array' || issue.origin === 'set') return say('minEntries', { min: Number(issue.minimum) });
      return say(issue.inclusive ? 'atLeast' : 'moreThan', { min: n(issue.minimum) });
    }
    case 'invalid_type': {
      if (missing) return say('required');
      if (issue.expected === 'int') return say('wholeNumber');
      if (issue.expected === 'number') return say('number');
      if (issue.expected === 'string') return say('text');
      if (issue.expected === 'boolean') return say('yesNo');
      return say('wrongKind');
    }
    case 'invalid_value':
      if (missing) return say('required');
      return issue.values.length === 1 ? say('equals', { value: n(issue.values[0]) }) : say('oneOf', { values: issue.values.map(n).join(', ') });
    case 'invalid_format': {
      // Our schemas word their formats ("must be a date and time like ..."); zod's defaults do not read well alone.
      if (missing) return say('required');
      const own = ownMessage(issue);
      // validation.rules.* continue "{label} ..."; other keys are a detail after "{label}: ".
      if (own) return own.key.startsWith('validation.rules.') ? say('rule', { rule: own }) : say('custom', { detail: own });
      if (/^(must|should|is|needs)\b/.test(issue.message)) return say('rule', { rule: issue.message.replace(/\.$/, '') });
      return /^Invalid\b/.test(issue.message) ? say('format') : say('custom', { detail: detailOf(issue) });
    }
    case 'not_multiple_of':
      return say('multipleOf', { divisor: n(issue.divisor) });
    case 'unrecognized_keys':
      return say('unexpectedKeys', { keys: issue.keys.join(', ') });
    default:
      // custom refinements and the rest already carry a written message
      return say('custom', { detail: detailOf(issue) });
  }
}

/**
 * All issues: one sentence per field (the first problem of each), and the whole
 * as one text; as data (`text`, `fieldTexts`) and rendered in English.
 */
export function formatIssues(
  issues: readonly Issue[],
  opts: { labels?: FieldLabels; input?: unknown } = {},
): { message: string; fieldErrors: Record<string, string>; text: Text; fieldTexts: Record<string, Message> } {
  const fieldTexts: Record<string, Message> = {};
  for (const issue of issues) {
    const key = issue.path.map(String).join('.') || '_';
    fieldTexts[key] ??= describeIssue(issue, labelFor(issue.path, opts.labels), valueAt(opts.input, issue.path));
  }
  const fieldErrors = Object.fromEntries(Object.entries(fieldTexts).map(([k, t]) => [k, renderText(t)]));
  const text = Object.values(fieldTexts);
  return { message: renderText(text), fieldErrors, text, fieldTexts };
}

/** What `input` holds at `path`, if anything. */
export function valueAt(input: unknown, path: Path): unknown {
  let v = input;
  for (const k of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[k as string];
  }
  return v;
}

function sentence(s: string): string {
  const t = s.trim();
  return /[.!?]$/.test(t) ? t : `${t}.`;
}

/**
 * Per field (first path key), the first issue's own message: its sentence when
 * the schema gave a key (see ownMessage), else the message as it is.
 */
export function ownFieldTexts(issues: readonly Issue[]): Record<string, Text> {
  const out: Record<string, Text> = {};
  for (const i of issues) out[String(i.path[0] ?? '_')] ??= ownMessage(i) ?? i.message;
  return out;
}

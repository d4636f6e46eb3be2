import type { z } from 'zod';

// Validation problems as sentences people can act on, naming the field the
// way the form labels it: "Late penalty (% per started day) must be at most
// 100." instead of zod's "latePenaltyPercentPerDay: Too big: expected number
// to be <=100". Pure and framework-free: servers and forms share it.

type Issue = z.core.$ZodIssue;
type Path = readonly PropertyKey[];

/**
 * Labels keyed by dotted path; "#" stands for a list index and is shown
 * 1-based: { 'params.#.name': 'Parameter # name' } labels params.0.name
 * "Parameter 1 name". A path without a label is spelled out from its last key.
 */
export type FieldLabels = Record<string, string>;

export function labelFor(path: Path, labels: FieldLabels = {}): string {
  const key = path.map(String).join('.');
  if (labels[key]) return labels[key];
  const indices = path.filter((p): p is number => typeof p === 'number');
  const pattern = path.map((p) => (typeof p === 'number' ? '#' : String(p))).join('.');
  let i = 0;
  if (labels[pattern]) return labels[pattern].replace(/#/g, () => String((indices[i++] ?? 0) + 1));
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

/** One issue as a sentence about `label`. `value` is what was sent at that path, when known. */
export function describeIssue(issue: Issue, label: string, value?: unknown): string {
  const missing = value === undefined || value === null || value === '';
  const n = (x: unknown) => (typeof x === 'bigint' ? x.toString() : String(x));
  switch (issue.code) {
    case 'too_big': {
      if (issue.origin === 'string') return `${label} must be at most ${n(issue.maximum)} characters long.`;
      if (issue.origin === 'array' || issue.origin === 'set') return `${label} can have at most ${n(issue.maximum)} entries.`;
      return `${label} must be ${issue.inclusive ? 'at most' : 'less than'} ${n(issue.maximum)}.`;
    }
    case 'too_small': {
      if (issue.origin === 'string') return Number(issue.minimum) <= 1 ? `${label} is required.` : `${label} must be at least ${n(issue.minimum)} characters long.`;
      if (issue.origin === 'array' || issue.origin === 'set') return `${label} needs at least ${n(issue.minimum)} ${Number(issue.minimum) === 1 ? 'entry' : 'entries'}.`;
      if (!issue.inclusive && Number(issue.minimum) === 0) return `${label} must be more than 0.`;
      return `${label} must be ${issue.inclusive ? 'at least' : 'more than'} ${n(issue.minimum)}.`;
    }
    case 'invalid_type': {
      if (missing) return `${label} is required.`;
      if (issue.expected === 'int') return `${label} must be a whole number.`;
      if (issue.expected === 'number') return `${label} must be a number.`;
      if (issue.expected === 'string') return `${label} must be text.`;
      if (issue.expected === 'boolean') return `${label} must be yes or no.`;
      return `${label} has the wrong kind of value.`;
    }
    case 'invalid_value':
      if (missing) return `${label} is required.`;
      return issue.values.length === 1 ? `${label} must be ${n(issue.values[0])}.` : `${label} must be one of ${issue.values.map(n).join(', ')}.`;
    case 'invalid_format':
      // Our schemas word their formats ("must be a date and time like ..."); zod's defaults do not read well alone.
      if (missing) return `${label} is required.`;
      if (/^(must|should|is|needs)\b/.test(issue.message)) return `${label} ${issue.message.replace(/\.$/, '')}.`;
      return /^Invalid\b/.test(issue.message) ? `${label} is not in the expected format.` : sentence(`${label}: ${issue.message}`);
    case 'not_multiple_of':
      return `${label} must be a multiple of ${n(issue.divisor)}.`;
    case 'unrecognized_keys':
      return `${label} has unexpected entries: ${issue.keys.join(', ')}.`;
    default:
      // custom refinements and the rest already carry a written message
      return sentence(`${label}: ${issue.message}`);
  }
}

/** All issues: one sentence per field (the first problem of each), and the whole as one message. */
export function formatIssues(issues: readonly Issue[], opts: { labels?: FieldLabels; input?: unknown } = {}): { message: string; fieldErrors: Record<string, string> } {
  const fieldErrors: Record<string, string> = {};
  for (const issue of issues) {
    const key = issue.path.map(String).join('.') || '_';
    fieldErrors[key] ??= describeIssue(issue, labelFor(issue.path, opts.labels), valueAt(opts.input, issue.path));
  }
  return { message: Object.values(fieldErrors).join(' '), fieldErrors };
}

function valueAt(input: unknown, path: Path): unknown {
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

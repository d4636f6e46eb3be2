import type { CodeDiff } from './code-diff';
import type { Text } from '../i18n/message';

// What a submission contained, as the submission page shows it: the code (and
// how it changed since the attempt before), the numeric answers next to the
// questions they answer, or the model's summary. Each kind module
// (lib/exercises/kinds/) builds its own variant. A model's problems are
// sentences as data, one per line, written in the reader's language by the page.

export type SubmittedWork =
  | { kind: 'code'; language: string; source: string; diff: CodeDiff | null }
  | { kind: 'numeric'; prompt: string | null; answers: { name: string; label: string; unit?: string; value: string }[] }
  | { kind: 'model'; format: string; summary: string | null; summaryError: readonly Text[] | null; settings: Record<string, unknown> | null }
  | { kind: 'unknown' };

/** A stored payload as JSON, or null when it is not JSON. */
export function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

import crypto from 'node:crypto';
import { ZAuthoredNumeric, type AuthoredNumeric, type AuthoredNumericInput } from './schema';

// A version id for an authored exercise: sha256 of its canonical JSON (defaults
// applied, object keys sorted), so re-saving an unchanged exercise keeps the
// id and any real edit changes it. The caller stores each version under its
// hash and records on a student's attempt the hash they started with.

export function authoredVersionHash(def: AuthoredNumericInput | AuthoredNumeric): string {
  return crypto.createHash('sha256').update(canonicalJson(ZAuthoredNumeric.parse(def))).digest('hex').slice(0, 16);
}

/** JSON with object keys sorted at every depth (array order is meaningful and kept). */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

import type { ExerciseKind } from '../schema';
import type { AnyKindModule, ExerciseKindModule } from './contract';
import { numeric } from './numeric';
import { code } from './code';
import { model } from './model';

// Every exercise kind's module, keyed by kind. The mapped type makes a kind
// added to the schema (lib/exercises/schema.ts) a compile error here until its
// module exists and implements every member of ExerciseKindModule.

export const kinds: { readonly [K in ExerciseKind]: ExerciseKindModule<K> } = { numeric, code, model };

export const EXERCISE_KINDS = Object.keys(kinds) as ExerciseKind[];

/**
 * The module of a kind as stored in the database (a plain string there), or
 * undefined for a kind this build does not know. Its members accept any kind's
 * meta: callers look the module up by the very kind they then pass in.
 */
export function findKind(kind: string): AnyKindModule | undefined {
  return Object.hasOwn(kinds, kind) ? (kinds[kind as ExerciseKind] as AnyKindModule) : undefined;
}

/** As findKind, for a kind that must be known: an unknown one is a bug, not a student's mistake. */
export function kindOf(kind: string): AnyKindModule {
  const found = findKind(kind);
  if (!found) throw new Error(`no exercise kind "${kind}"`);
  return found;
}

export type { AnyKindModule, ExerciseKindModule, ExercisePageData, PreparedSubmission, QueuedJob, RegradeStep } from './contract';

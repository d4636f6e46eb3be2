import type { Visibility } from '../../grading/results';

export type { Visibility };

// Shared shapes of code exercises. A test case is a short script of steps run
// against the student's class (or function) in the sandbox, and against the
// trusted reference outside it; named checks then compare chosen step outputs.

/** JSON-safe values. Nested number arrays are tensors; a Python harness turns them into float64 ndarrays. */
export type Value = number | string | boolean | null | Value[] | { [key: string]: Value };
export type Tensor = number | Tensor[];

export type Step =
  /** construct the exercise's class with these arguments; the instance is kept for later steps */
  | { op: 'new'; className: string; args: Value[] }
  | { op: 'call'; method: string; args: Value[] }
  | { op: 'get'; attr: string }
  /** e.g. deterministic initial weights after construction: the student's own random init is replaced */
  | { op: 'set'; attr: string; value: Value }
  /** a plain module-level function */
  | { op: 'fn'; name: string; args: Value[] };

export type CheckKind =
  /** only the shape of the step's output */
  | 'shape'
  /** shape and every value within tolerance */
  | 'values'
  /** shape, and non-zero entries exactly where the reference has them (e.g. max-pool gradient routing) */
  | 'support';

export interface CaseCheck {
  /** e.g. "forward shape", "filter update" */
  name: string;
  points: number;
  /** index into the case's steps */
  step: number;
  kind: CheckKind;
  /** shown when the check fails, to point the student at the idea they missed */
  hint?: string;
}

export interface CodeCase {
  id: string;
  /** what the case exercises, shown next to each check's name */
  title: string;
  /**
   * Who sees the case's results, in results.json's vocabulary. Only "visible" cases
   * run on "run tests"; every case runs on submit. A student reading their result sees
   * the output of after_due_date cases once their deadline has passed, of
   * after_published ones once grades are published, of hidden ones never (the score
   * still counts).
   */
  visibility: Visibility;
  steps: Step[];
  checks: CaseCheck[];
}

/** Outcome of one step: its output, or the (student's) error that stopped the case. */
export type StepOutcome = { ok: Value } | { error: string };

/** What each exercises/<id>/cases.ts exports. No id: the registry binds it to the folder it was loaded from. */
export interface CodeExercise {
  /** names the submission must define: classes (new) and functions (fn) */
  requires: string[];
  /** trusted implementations by name, run outside the box to compute expected outputs */
  reference: Record<string, unknown>;
  /** deterministic: the same cases on every call and every machine */
  cases(): CodeCase[];
}

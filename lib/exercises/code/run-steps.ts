import type { CodeExercise, Step, StepOutcome, Value } from './types';

// Runs a case's steps against the trusted reference, in-process, with the same
// semantics as the sandbox harnesses: arguments are fresh copies, outputs are
// snapshotted as JSON values right after each step.

export function runReferenceSteps(exercise: CodeExercise, steps: Step[]): StepOutcome[] {
  const outcomes: StepOutcome[] = [];
  let obj: Record<string, unknown> | undefined;
  const lookup = (name: string) => {
    const f = exercise.reference[name];
    if (typeof f !== 'function') throw new Error(`the reference has no ${name}`);
    return f as (...args: unknown[]) => unknown;
  };
  for (const step of steps) {
    let value: unknown = null;
    switch (step.op) {
      case 'new':
        obj = new (lookup(step.className) as unknown as new (...a: unknown[]) => Record<string, unknown>)(...copy(step.args));
        break;
      case 'call':
        value = (obj![step.method] as (...a: unknown[]) => unknown).apply(obj, copy(step.args));
        break;
      case 'fn':
        value = lookup(step.name)(...copy(step.args));
        break;
      case 'get':
        value = obj![step.attr];
        break;
      case 'set':
        obj![step.attr] = copy(step.value);
        break;
    }
    outcomes.push({ ok: snapshot(value) });
  }
  return outcomes;
}

/** JSON value of an output; non-finite numbers as strings, like the harnesses send them */
export function snapshot(value: unknown): Value {
  if (value === undefined || value === null) return null;
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (Array.isArray(value)) return value.map(snapshot);
  if (typeof value === 'boolean' || typeof value === 'string') return value;
  return { __type__: (value as object).constructor?.name ?? typeof value };
}

function copy<T>(v: T): T {
  return structuredClone(v);
}

import type { StepOutcome, Value } from '../../lib/exercises/code/types';

// Reads the harness's event lines from the box's result channel (fd 3).
//
// The nonce keeps out look-alike lines a submission prints by accident or on purpose,
// but it is not a secret from the submission: it runs in the harness's own process
// and can find the nonce (Python: the harness's frame via sys._getframe; JavaScript:
// /proc/self/mem). So the stream is also checked against the one sequence of events
// the harness emits for this spec:
//   ready, (loaded | load-error), then per case in order: step 0, 1, ... (stopping
//   after the first error), case; then done; with "output" events (what the student's
//   code printed) anywhere between ready and the last case, belonging to the load or
//   to the case whose events come next.
// onNextCase says when the harness is ready for a case; the grader sends less visible
// cases' inputs only then, so an event filed under a case cannot carry inputs of a less
// visible one.
// A forged event either takes the place of a real one, and then the real one arrives
// out of sequence, or it is out of sequence itself. Either way the run is marked
// tampered and none of its outputs count. A submission that instead rewires the
// harness so that only its forgeries are sent has only chosen its own outputs, which
// it could have returned anyway.

export interface SpecCase {
  id: string;
  steps: unknown[];
}

type Expect =
  | { kind: 'ready' }
  | { kind: 'load' }
  | { kind: 'step'; caseIndex: number; index: number }
  | { kind: 'case'; caseIndex: number }
  | { kind: 'done' }
  | { kind: 'end' };

export interface HarnessEvents {
  ready: boolean;
  loaded: boolean;
  loadError?: { error?: string; missing?: string[] };
  done: boolean;
  /** step outcomes per case id, in step order */
  outputs: Map<string, StepOutcome[]>;
  /** what the student's code printed while loading (before any case's inputs were in the box) */
  loadPrinted: string;
  /** what it printed during each case, by case id */
  casePrinted: Map<string, string>;
  /** why the stream cannot be trusted, if it cannot */
  tampered?: string;
  /** the harness's measure of time spent in the student's code; reported from inside the box, so for diagnostics only */
  computeMs?: number;
}

export function createHarnessEventReader(opts: {
  nonce: string;
  /** in the order the harness runs them */
  cases: SpecCase[];
  onCaseDone?: (done: number) => void;
  /** the harness is ready for case `index`'s inputs */
  onNextCase?: (index: number) => void;
  /** nothing more will count: the harness finished, or the stream can no longer be trusted */
  onFinished?: () => void;
}) {
  const state: HarnessEvents = { ready: false, loaded: false, done: false, outputs: new Map(), loadPrinted: '', casePrinted: new Map() };
  let expect: Expect = { kind: 'ready' };
  let casesDone = 0;

  const describe = (e: Expect): string => {
    switch (e.kind) {
      case 'ready':
        return '"ready"';
      case 'load':
        return '"loaded" or "load-error"';
      case 'step':
        // by position, not id: ids of hidden cases may describe their inputs
        return `step ${e.index} of case #${e.caseIndex + 1}`;
      case 'case':
        return `the end of case #${e.caseIndex + 1}`;
      case 'done':
        return '"done"';
      case 'end':
        return 'nothing more';
    }
  };
  const afterCase = (caseIndex: number): Expect =>
    caseIndex + 1 < opts.cases.length ? firstStep(caseIndex + 1) : { kind: 'done' };
  const firstStep = (caseIndex: number): Expect =>
    opts.cases[caseIndex]!.steps.length > 0 ? { kind: 'step', caseIndex, index: 0 } : { kind: 'case', caseIndex };
  const reject = (what: string) => {
    state.tampered = `${what} where the harness would send ${describe(expect)}`;
  };
  let finished = false;
  const finish = () => {
    if (finished) return;
    finished = true;
    opts.onFinished?.();
  };

  // a progress report that throws is the grader's problem: line()'s guard would wrongly call it tampering
  const progress = (done: number) => {
    try {
      opts.onCaseDone?.(done);
    } catch {
      // progress is best effort
    }
  };

  function line(text: string): void {
    // only lines carrying this run's nonce claim to come from the harness
    if (!text.startsWith(opts.nonce) || state.tampered) return;
    // The submission can learn the nonce, so whatever follows it is hostile input. This is
    // called from a stream listener, where a throw would kill the worker with every job it
    // runs: anything this code did not foresee marks the run tampered instead.
    try {
      read(text.slice(opts.nonce.length));
    } catch {
      state.tampered = 'a result line the grader could not read';
    }
    if (state.tampered || expect.kind === 'end') finish();
  }

  function printed(text: unknown): void {
    if (typeof text !== 'string') return reject('an "output" event without text');
    switch (expect.kind) {
      case 'load':
        state.loadPrinted += text;
        return;
      case 'step':
      case 'case': {
        const id = opts.cases[expect.caseIndex]!.id;
        state.casePrinted.set(id, (state.casePrinted.get(id) ?? '') + text);
        return;
      }
      case 'done':
      case 'end':
        // a thread or child that prints after the last case: too late to belong to any
        // case, so it counts for nothing (the real stdout still reaches instructors)
        return;
      default:
        return reject('an "output" event');
    }
  }

  function read(json: string): void {
    let event: { event?: unknown; id?: unknown; index?: unknown; outcome?: unknown };
    try {
      event = JSON.parse(json);
    } catch {
      state.tampered = 'a result line that is not valid JSON';
      return;
    }
    if (!event || typeof event !== 'object' || typeof event.event !== 'string') {
      state.tampered = 'a result line without an event name';
      return;
    }
    if (!isIdOrAbsent(event.id) || !isIdOrAbsent(event.index)) {
      state.tampered = 'a result line whose id or index is neither a string nor a number';
      return;
    }
    const name = event.event;
    if (name === 'output') return printed((event as { text?: unknown }).text);
    switch (expect.kind) {
      case 'ready':
        if (name !== 'ready') return reject(quoted(name));
        state.ready = true;
        expect = { kind: 'load' };
        return;
      case 'load':
        if (name === 'loaded') {
          state.loaded = true;
          expect = opts.cases.length > 0 ? firstStep(0) : { kind: 'done' };
          if (opts.cases.length > 0) opts.onNextCase?.(0);
        } else if (name === 'load-error') {
          // the harness sends exactly one of the two: a traceback, or the names it did not find
          const e = event as { error?: unknown; missing?: unknown };
          if (typeof e.error === 'string' && e.missing === undefined) state.loadError = { error: e.error };
          else if (e.error === undefined && isStringArray(e.missing)) state.loadError = { missing: e.missing };
          else return reject('a "load-error" event that is not shaped like the harness\'s');
          expect = { kind: 'end' };
        } else reject(quoted(name));
        return;
      case 'step': {
        const c = opts.cases[expect.caseIndex]!;
        if (name !== 'step' || event.id !== c.id || event.index !== expect.index) return reject(eventLabel(event));
        const outcome = parseOutcome(event.outcome);
        if (!outcome) return reject('a step event without a valid outcome');
        const list = state.outputs.get(c.id) ?? [];
        list.push(outcome);
        state.outputs.set(c.id, list);
        const last = 'error' in outcome || expect.index + 1 >= c.steps.length;
        expect = last ? { kind: 'case', caseIndex: expect.caseIndex } : { kind: 'step', caseIndex: expect.caseIndex, index: expect.index + 1 };
        return;
      }
      case 'case':
        if (name !== 'case' || event.id !== opts.cases[expect.caseIndex]!.id) return reject(eventLabel(event));
        progress(++casesDone);
        if (expect.caseIndex + 1 < opts.cases.length) opts.onNextCase?.(expect.caseIndex + 1);
        expect = afterCase(expect.caseIndex);
        return;
      case 'done':
        if (name !== 'done') return reject(eventLabel(event));
        state.done = true;
        {
          const ms = (event as { computeMs?: unknown }).computeMs;
          if (typeof ms === 'number' && Number.isFinite(ms) && ms >= 0) state.computeMs = ms;
        }
        expect = { kind: 'end' };
        return;
      case 'end':
        return reject(eventLabel(event));
    }
  }

  // By position, like describe(): students read this, and ids of hidden cases may describe their inputs.
  function eventLabel(e: { event?: unknown; id?: unknown; index?: unknown }): string {
    const position = opts.cases.findIndex((c) => c.id === e.id);
    const which = position >= 0 ? `case #${position + 1}` : 'a case the harness was not given';
    if (e.event === 'step') return `${Number.isInteger(e.index) ? `step ${e.index as number}` : 'a step'} of ${which}`;
    if (e.event === 'case') return `the end of ${which}`;
    return quoted(String(e.event));
  }

  return { line, state };
}

/** an event name as the submission sent it, cut short: it goes into the student's feedback */
function quoted(name: string): string {
  return JSON.stringify(name.length > 40 ? `${name.slice(0, 40)}…` : name);
}

function isIdOrAbsent(v: unknown): boolean {
  return v === undefined || typeof v === 'string' || typeof v === 'number';
}

function isStringArray(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((x) => typeof x === 'string');
}

// encode() in harness/harness.mjs and harness.py: past this depth a value becomes a
// {__type__: 'too deeply nested'} marker, so an honest output holds at most
// HARNESS_MAX_DEPTH + 1 levels of arrays and then that one-level object.
const HARNESS_MAX_DEPTH = 32;
const MAX_NESTING = HARNESS_MAX_DEPTH + 2;

function parseOutcome(o: unknown): StepOutcome | undefined {
  if (!o || typeof o !== 'object') return undefined;
  if ('ok' in o) {
    const ok = (o as { ok: Value }).ok;
    // compare.ts walks outputs recursively: a forged value nested deeper than the harness
    // ever sends would overflow its stack, and gradeCode would throw as if the grader broke
    return nestedAtMost(ok, MAX_NESTING) ? { ok } : undefined;
  }
  if ('error' in o && typeof (o as { error: unknown }).error === 'string') return { error: (o as { error: string }).error };
  return undefined;
}

/** levels of arrays and objects in `v` are at most `max`; iterative, so the check itself cannot overflow */
function nestedAtMost(v: unknown, max: number): boolean {
  const stack: { value: unknown; depth: number }[] = [{ value: v, depth: 0 }];
  while (stack.length > 0) {
    const { value, depth } = stack.pop()!;
    if (value === null || typeof value !== 'object') continue;
    if (depth + 1 > max) return false;
    for (const child of Array.isArray(value) ? value : Object.values(value)) {
      if (child !== null && typeof child === 'object') stack.push({ value: child, depth: depth + 1 });
    }
  }
  return true;
}

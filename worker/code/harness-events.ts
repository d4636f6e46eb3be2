import type { StepOutcome, Value } from '../../exercises/code/types';

// Reads the harness's event lines from the box's result channel (fd 3).
//
// The nonce keeps out look-alike lines a submission prints by accident or on purpose,
// but it is not a secret from the submission: it runs in the harness's own process
// and can find the nonce (Python: the harness's frame via sys._getframe; JavaScript:
// /proc/self/mem). So the stream is also checked against the one sequence of events
// the harness emits for this spec:
//   ready, (loaded | load-error), then per case in order: step 0, 1, ... (stopping
//   after the first error), case; then done.
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
  /** why the stream cannot be trusted, if it cannot */
  tampered?: string;
  /** the harness's measure of time spent in the student's code; reported from inside the box, so for diagnostics only */
  computeMs?: number;
}

export function createHarnessEventReader(opts: { nonce: string; cases: SpecCase[]; onCaseDone?: (done: number) => void }) {
  const state: HarnessEvents = { ready: false, loaded: false, done: false, outputs: new Map() };
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

  function line(text: string): void {
    // only lines carrying this run's nonce claim to come from the harness
    if (!text.startsWith(opts.nonce) || state.tampered) return;
    let event: { event?: unknown; id?: unknown; index?: unknown; outcome?: unknown };
    try {
      event = JSON.parse(text.slice(opts.nonce.length));
    } catch {
      state.tampered = 'a result line that is not valid JSON';
      return;
    }
    if (!event || typeof event !== 'object' || typeof event.event !== 'string') {
      state.tampered = 'a result line without an event name';
      return;
    }
    const name = event.event;
    switch (expect.kind) {
      case 'ready':
        if (name !== 'ready') return reject(`"${name}"`);
        state.ready = true;
        expect = { kind: 'load' };
        return;
      case 'load':
        if (name === 'loaded') {
          state.loaded = true;
          expect = opts.cases.length > 0 ? firstStep(0) : { kind: 'done' };
        } else if (name === 'load-error') {
          const e = event as { error?: unknown; missing?: unknown };
          state.loadError = {
            error: typeof e.error === 'string' ? e.error : undefined,
            missing: Array.isArray(e.missing) ? e.missing.map(String) : undefined,
          };
          expect = { kind: 'end' };
        } else reject(`"${name}"`);
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
        opts.onCaseDone?.(++casesDone);
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

  return { line, state };
}

function eventLabel(e: { event?: unknown; id?: unknown; index?: unknown }): string {
  if (e.event === 'step') return `step ${JSON.stringify(e.index)} of case ${JSON.stringify(e.id)}`;
  if (e.event === 'case') return `the end of case ${JSON.stringify(e.id)}`;
  return JSON.stringify(e.event);
}

function parseOutcome(o: unknown): StepOutcome | undefined {
  if (!o || typeof o !== 'object') return undefined;
  if ('ok' in o) return { ok: (o as { ok: Value }).ok };
  if ('error' in o && typeof (o as { error: unknown }).error === 'string') return { error: (o as { error: string }).error };
  return undefined;
}

import { describe, expect, it } from 'vitest';
import { createHarnessEventReader } from '../../../worker/code/harness-events';

// The grader's view of the result channel: the one event sequence the harness sends.

const nonce = 'n'.repeat(32);
const cases = [
  { id: 'a', steps: [{}, {}] },
  { id: 'b', steps: [{}] },
];
const feed = (events: object[]) => {
  const done: number[] = [];
  const r = createHarnessEventReader({ nonce, cases, onCaseDone: (n) => done.push(n) });
  for (const e of events) r.line(nonce + JSON.stringify(e));
  return { ...r.state, casesDone: done };
};
const step = (id: string, index: number, outcome: object = { ok: index }) => ({ event: 'step', id, index, outcome });
const honest = [{ event: 'ready' }, { event: 'loaded' }, step('a', 0), step('a', 1), { event: 'case', id: 'a' }, step('b', 0), { event: 'case', id: 'b' }, { event: 'done' }];

describe('harness event reader', () => {
  it("accepts the harness's own sequence", () => {
    const s = feed(honest);
    expect(s.tampered).toBeUndefined();
    expect(s.done).toBe(true);
    expect(s.outputs.get('a')).toEqual([{ ok: 0 }, { ok: 1 }]);
    expect(s.casesDone).toEqual([1, 2]);
    expect(s.computeMs).toBeUndefined();
    expect(feed([...honest.slice(0, -1), { event: 'done', computeMs: 12.5 }]).computeMs).toBe(12.5);
    expect(feed([...honest.slice(0, -1), { event: 'done', computeMs: -1 }]).computeMs).toBeUndefined();
  });

  it('an error ends its case early, as in the harness', () => {
    const s = feed([{ event: 'ready' }, { event: 'loaded' }, step('a', 0, { error: 'boom' }), { event: 'case', id: 'a' }, step('b', 0), { event: 'case', id: 'b' }, { event: 'done' }]);
    expect(s.tampered).toBeUndefined();
    expect(s.outputs.get('a')).toEqual([{ error: 'boom' }]);
  });

  it('ignores lines without the nonce', () => {
    const r = createHarnessEventReader({ nonce, cases });
    r.line(JSON.stringify({ event: 'done' }));
    r.line(`${'0'.repeat(32)}${JSON.stringify({ event: 'done' })}`);
    expect(r.state.tampered).toBeUndefined();
    expect(r.state.done).toBe(false);
  });

  it.each([
    ['a forged step before the real one (duplicate)', [...honest.slice(0, 3), step('a', 0), ...honest.slice(3)]],
    ['a forged run before the real "loaded"', [honest[0]!, ...honest.slice(1), honest[1]!]],
    ['a step out of order', [honest[0]!, honest[1]!, step('a', 1)]],
    ['a step of a case the harness has not reached', [honest[0]!, honest[1]!, step('b', 0)]],
    ['anything after "done"', [...honest, step('b', 0)]],
    ['a step without an outcome', [honest[0]!, honest[1]!, { event: 'step', id: 'a', index: 0 }]],
  ])('marks the stream tampered: %s', (_, events) => {
    expect(feed(events as object[]).tampered).toBeTruthy();
  });

  it('marks a nonce-prefixed line that is not JSON as tampered', () => {
    const r = createHarnessEventReader({ nonce, cases });
    r.line(`${nonce}{"event":"ready"}`);
    r.line(`${nonce}{not json`);
    expect(r.state.tampered).toContain('not valid JSON');
  });

  // The submission can learn the nonce (see attacks.test.ts), so these lines are its to write.
  describe('hostile lines with the real nonce never throw, they mark the run tampered', () => {
    const deepArray = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
    const lines = (...raw: string[]) => {
      const r = createHarnessEventReader({ nonce, cases });
      for (const l of raw) r.line(nonce + l);
      return r.state;
    };
    const ready = JSON.stringify({ event: 'ready' });
    const loaded = JSON.stringify({ event: 'loaded' });

    it.each([
      ['a missing name whose toString is not a function', [ready, '{"event":"load-error","missing":[{"toString":1}]}']],
      ['missing names that are not strings', [ready, '{"event":"load-error","missing":[1,null]}']],
      ['a load error that is neither a traceback nor a list of names', [ready, '{"event":"load-error"}']],
      ['an id nested too deep to stringify', [ready, loaded, `{"event":"step","index":0,"id":${deepArray(200_000)}}`]],
      ['an index nested too deep to stringify', [ready, loaded, `{"event":"step","id":"a","index":${deepArray(200_000)}}`]],
      ['an object as id', [ready, loaded, '{"event":"step","index":0,"id":{"toString":1}}']],
    ])('%s', (_, raw) => {
      let state: ReturnType<typeof lines> | undefined;
      expect(() => (state = lines(...raw))).not.toThrow();
      expect(state!.tampered).toBeTruthy();
      expect(state!.loadError).toBeUndefined();
    });

    it('an honest list of missing names is kept', () => {
      const s = lines(ready, JSON.stringify({ event: 'load-error', missing: ['Conv3x3'] }));
      expect(s.tampered).toBeUndefined();
      expect(s.loadError).toEqual({ missing: ['Conv3x3'] });
    });

    it('an output nested deeper than the harness ever sends is refused, without overflowing the stack', () => {
      const s = lines(ready, loaded, `{"event":"step","id":"a","index":0,"outcome":{"ok":${deepArray(200_000)}}}`);
      expect(s.tampered).toContain('without a valid outcome');
      expect(s.outputs.size).toBe(0);
    });

    it("the harness's own deepest output is accepted: 33 levels of arrays around its marker", () => {
      let value: unknown = { __type__: 'too deeply nested' };
      for (let i = 0; i < 33; i++) value = [value];
      expect(feed([honest[0]!, honest[1]!, step('a', 0, { ok: value })]).tampered).toBeUndefined();
      expect(feed([honest[0]!, honest[1]!, step('a', 0, { ok: [value] })]).tampered).toContain('without a valid outcome');
    });

    it('a progress callback that throws is not taken for tampering', () => {
      const r = createHarnessEventReader({
        nonce,
        cases,
        onCaseDone: () => {
          throw new Error('progress failed');
        },
      });
      for (const e of honest) r.line(nonce + JSON.stringify(e));
      expect(r.state.tampered).toBeUndefined();
      expect(r.state.done).toBe(true);
    });
  });

  it('names cases by position, never by id: ids of hidden cases may describe their inputs', () => {
    const secret = [{ id: 'secret-image-of-zeros', steps: [{}] }];
    const read = (events: object[]) => {
      const r = createHarnessEventReader({ nonce, cases: secret });
      for (const e of events) r.line(nonce + JSON.stringify(e));
      return r.state.tampered!;
    };
    const start = [{ event: 'ready' }, { event: 'loaded' }];
    const realStep = step('secret-image-of-zeros', 0);
    // a forged step 0 took the real one's place, so the real one arrives where the case's end should
    const duplicate = read([...start, realStep, realStep]);
    expect(duplicate).toContain('step 0 of case #1');
    expect(duplicate).not.toContain('secret');
    const late = read([...start, realStep, { event: 'case', id: 'secret-image-of-zeros' }, { event: 'case', id: 'secret-image-of-zeros' }]);
    expect(late).toContain('the end of case #1');
    expect(late).not.toContain('secret');
    expect(read([...start, step('made-up', 0)])).toContain('a case the harness was not given');
  });

  describe('prints and the pace of the cases', () => {
    const out = (text: unknown) => ({ event: 'output', text });
    const run = (events: object[]) => {
      const asked: number[] = [];
      let finished = 0;
      const r = createHarnessEventReader({ nonce, cases, onNextCase: (i) => asked.push(i), onFinished: () => finished++ });
      const askedAt: number[][] = [];
      for (const e of events) {
        r.line(nonce + JSON.stringify(e));
        askedAt.push([...asked]);
      }
      return { state: r.state, asked, askedAt, finished };
    };

    it('files each print under the load or the case whose events come next', () => {
      const { state } = run([
        honest[0]!,
        out('at import\n'),
        honest[1]!,
        out('in a, step 0\n'),
        step('a', 0),
        out('in a, step 1\n'),
        step('a', 1),
        { event: 'case', id: 'a' },
        out('in b\n'),
        step('b', 0),
        { event: 'case', id: 'b' },
        { event: 'done' },
        out('after the end\n'),
      ]);
      expect(state.tampered).toBeUndefined();
      expect(state.loadPrinted).toBe('at import\n');
      expect(Object.fromEntries(state.casePrinted)).toEqual({ a: 'in a, step 0\nin a, step 1\n', b: 'in b\n' });
    });

    it("asks for each case's inputs only once the previous case is over, and says when nothing more counts", () => {
      const { asked, askedAt, finished } = run(honest);
      expect(asked).toEqual([0, 1]);
      // after ready: nothing; after loaded: case 0; until a's end: still only case 0
      expect(askedAt.slice(0, 5)).toEqual([[], [0], [0], [0], [0, 1]]);
      expect(finished).toBe(1);
    });

    it('a tampered stream is finished at once, and asks for nothing more', () => {
      const { state, asked, finished } = run([honest[0]!, honest[1]!, step('b', 0), step('a', 0), { event: 'case', id: 'a' }]);
      expect(state.tampered).toBeTruthy();
      expect(asked).toEqual([0]);
      expect(finished).toBe(1);
    });

    it('a print before "ready", or one without text, is tampering', () => {
      expect(run([out('early')]).state.tampered).toContain('"output" event');
      expect(run([honest[0]!, out(42)]).state.tampered).toContain('without text');
    });
  });
});

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
});

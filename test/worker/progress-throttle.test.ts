import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { throttleProgress } from '../../worker/progress-throttle';

describe('throttleProgress', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('sends the first report at once, then the latest at most once per interval', () => {
    const sent: number[] = [];
    const t = throttleProgress<number>((p) => sent.push(p), 500);
    t.report(1);
    t.report(2);
    t.report(3);
    expect(sent).toEqual([1]);
    vi.advanceTimersByTime(499);
    expect(sent).toEqual([1]);
    vi.advanceTimersByTime(1);
    expect(sent).toEqual([1, 3]);
    vi.advanceTimersByTime(2000);
    expect(sent).toEqual([1, 3]);
    t.report(4);
    expect(sent).toEqual([1, 3, 4]);
  });

  it('drops what is pending once the job has ended', () => {
    const sent: number[] = [];
    const t = throttleProgress<number>((p) => sent.push(p), 500);
    t.report(1);
    t.report(2);
    t.stop();
    vi.advanceTimersByTime(1000);
    t.report(3);
    expect(sent).toEqual([1]);
  });

  it('survives a report that fails to send', async () => {
    const t = throttleProgress<number>(() => Promise.reject(new Error('redis down')), 500);
    t.report(1);
    await vi.runAllTimersAsync();
    t.stop();
  });
});

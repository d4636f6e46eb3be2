import { describe, expect, it } from 'vitest';
import { splitLineRefs } from '../../../lib/submissions/line-refs';
import { codeDiff } from '../../../lib/submissions/submitted-work';

describe('splitLineRefs', () => {
  it('links Python traceback frames in the submission, not in other files', () => {
    const tb = 'Traceback (most recent call last):\n  File "submission.py", line 7, in forward\n  File "/usr/lib/numpy.py", line 99\nIndexError: boom';
    const parts = splitLineRefs(tb);
    expect(parts.filter((p) => p.line).map((p) => [p.text, p.line])).toEqual([['File "submission.py", line 7', 7]]);
    expect(parts.map((p) => p.text).join('')).toBe(tb);
  });

  it('links JavaScript stacks and compiler messages, within the file length', () => {
    const parts = splitLineRefs('TypeError: x\n    at forward (submission.js:12:5)\nsubmission.ts:3:5: error: Expected ";"\nsubmission.js:400:1', 50);
    expect(parts.filter((p) => p.line).map((p) => p.line)).toEqual([12, 3]);
  });
});

describe('codeDiff', () => {
  it('counts added and removed lines in hunks with context', () => {
    const before = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'].join('\n') + '\n';
    const after = ['a', 'b', 'c', 'd', 'E', 'f', 'g', 'h', 'i', 'j', 'k'].join('\n') + '\n';
    const d = codeDiff(before, after);
    expect(d).toMatchObject({ added: 2, removed: 1 });
    const lines = d.hunks.flatMap((h) => h.lines);
    expect(lines.filter((l) => l.kind === 'del').map((l) => l.text)).toEqual(['e']);
    expect(lines.filter((l) => l.kind === 'add').map((l) => l.text)).toEqual(['E', 'k']);
    expect(lines.some((l) => l.kind === 'same' && l.text === 'a')).toBe(false); // beyond 3 lines of context
  });

  it('is empty for identical code', () => {
    expect(codeDiff('x = 1\n', 'x = 1\n')).toEqual({ added: 0, removed: 0, hunks: [] });
  });
});

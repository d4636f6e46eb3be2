import { describe, expect, it } from 'vitest';
import { clearDraft, draftKey, loadDrafts, saveDraft, type DraftStore } from '../../../app/ui/code-draft';

// The same Storage contract localStorage has (string values, null when absent).
function memoryStore(): DraftStore & { map: Map<string, string> } {
  const map = new Map<string, string>();
  return {
    map,
    getItem: (k) => map.get(k) ?? null,
    setItem: (k, v) => void map.set(k, String(v)),
    removeItem: (k) => void map.delete(k),
  };
}

describe('code drafts', () => {
  it('keeps one draft per exercise and language', () => {
    const store = memoryStore();
    saveDraft(store, { exerciseId: 'conv3x3', language: 'python', source: 'py 1', starter: 'start' });
    saveDraft(store, { exerciseId: 'conv3x3', language: 'javascript', source: 'js 1' });
    saveDraft(store, { exerciseId: 'maxpool2', language: 'python', source: 'other exercise' });
    saveDraft(store, { exerciseId: 'conv3x3', language: 'python', source: 'py 2', starter: 'start' });
    expect(loadDrafts(store, 'conv3x3', ['python', 'javascript', 'typescript'])).toEqual({ python: 'py 2', javascript: 'js 1' });
    expect(loadDrafts(store, 'maxpool2', ['python'])).toEqual({ python: 'other exercise' });
    expect(draftKey('conv3x3', 'python')).not.toBe(draftKey('conv3x3', 'javascript'));
  });

  it('keeps an empty editor as a draft, and drops the draft when the code is back to the starter', () => {
    const store = memoryStore();
    saveDraft(store, { exerciseId: 'e', language: 'python', source: '', starter: 'start' });
    expect(loadDrafts(store, 'e', ['python'])).toEqual({ python: '' });
    saveDraft(store, { exerciseId: 'e', language: 'python', source: 'start', starter: 'start' });
    expect(loadDrafts(store, 'e', ['python'])).toEqual({});
  });

  it('clears a draft', () => {
    const store = memoryStore();
    saveDraft(store, { exerciseId: 'e', language: 'python', source: 'x' });
    clearDraft(store, 'e', 'python');
    expect(store.map.size).toBe(0);
  });

  it('works without storage, and when storage throws', () => {
    expect(loadDrafts(null, 'e', ['python'])).toEqual({});
    expect(() => saveDraft(null, { exerciseId: 'e', language: 'python', source: 'x' })).not.toThrow();
    const broken: DraftStore = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
      removeItem: () => {
        throw new Error('SecurityError');
      },
    };
    expect(loadDrafts(broken, 'e', ['python'])).toEqual({});
    expect(() => saveDraft(broken, { exerciseId: 'e', language: 'python', source: 'x' })).not.toThrow();
    expect(() => clearDraft(broken, 'e', 'python')).not.toThrow();
  });
});

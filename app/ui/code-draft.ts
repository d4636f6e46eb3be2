// The code editor's draft, per exercise and language, in localStorage: a
// student sent to sign in (or who reloads, or closes the tab) comes back to
// the code they wrote, not the starter.

/** The part of Storage we use, so tests can pass their own. */
export type DraftStore = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export function draftKey(exerciseId: string, language: string): string {
  return `convgrade:draft:${exerciseId}:${language}`;
}

/** The browser's localStorage, or null where there is none (server render, storage disabled). */
export function browserStore(): DraftStore | null {
  try {
    return typeof window !== 'undefined' && window.localStorage ? window.localStorage : null;
  } catch {
    return null; // some privacy settings throw on access
  }
}

/** Saved drafts for these languages; a language without a draft is left out. */
export function loadDrafts<L extends string>(store: DraftStore | null, exerciseId: string, languages: readonly L[]): Partial<Record<L, string>> {
  const out: Partial<Record<L, string>> = {};
  if (!store) return out;
  for (const l of languages) {
    try {
      const v = store.getItem(draftKey(exerciseId, l));
      if (v !== null) out[l] = v;
    } catch {
      // unreadable storage: the starter it is
    }
  }
  return out;
}

/** Saves a draft; the starter itself is not a draft, so an updated starter still shows. */
export function saveDraft(store: DraftStore | null, opts: { exerciseId: string; language: string; source: string; starter?: string }): void {
  if (!store) return;
  const key = draftKey(opts.exerciseId, opts.language);
  try {
    if (opts.source === (opts.starter ?? '')) store.removeItem(key);
    else store.setItem(key, opts.source);
  } catch {
    // quota or privacy mode: the editor still works, only without a draft
  }
}

export function clearDraft(store: DraftStore | null, exerciseId: string, language: string): void {
  try {
    store?.removeItem(draftKey(exerciseId, language));
  } catch {
    // nothing to do
  }
}

'use client';
import { useEffect, useState } from 'react';
import { useRouter } from 'next/navigation';
import CodeMirror from '@uiw/react-codemirror';
import type { SubmissionView } from '@/lib/submissions/view';
import { postJson } from './post-json';
import { browserStore, loadDrafts, saveDraft } from './code-draft';
import { SessionExpired } from './session-expired';
import { SubmissionLive } from './submission-live';
import { LANGUAGE_EXTENSIONS, type Lang } from './code-languages';
import styles from './exercise-layout.module.css';

type Origin = 'submission' | 'draft' | 'starter' | 'edited';

export interface LatestCode {
  language: Lang;
  source: string;
  /** "2026-03-08 23:59 GMT+7", already in the course zone */
  when: string;
}

/**
 * The code editor. It opens with the student's latest submission (from the
 * server, so a new browser has it too); the draft this browser kept and the
 * starter are one click away. Visible tests and submissions run in place:
 * their result appears beside the editor and updates live, and the page's
 * history and attempts refresh when it is in.
 */
export function CodeForm(props: {
  exerciseId: string;
  languages: Lang[];
  starters: Partial<Record<Lang, string>>;
  latest: LatestCode | null;
  latestView: SubmissionView | null;
  canSubmit: boolean;
}) {
  const router = useRouter();
  const first = props.latest && props.languages.includes(props.latest.language) ? props.latest : null;
  const [language, setLanguage] = useState<Lang>(first?.language ?? props.languages[0] ?? 'python');
  const [sources, setSources] = useState<Partial<Record<Lang, string>>>(() => (first ? { ...props.starters, [first.language]: first.source } : props.starters));
  const [origin, setOrigin] = useState<Partial<Record<Lang, Origin>>>(() => (first ? { [first.language]: 'submission' } : {}));
  const [drafts, setDrafts] = useState<Partial<Record<Lang, string>>>({});
  const [error, setError] = useState<string | null>(null);
  const [expired, setExpired] = useState(false);
  const [busy, setBusy] = useState(false);
  const [run, setRun] = useState<SubmissionView | null>(props.latestView);

  // Drafts load after mount: the server render has no localStorage, and both
  // renders must agree on the first paint. Without a submission, the draft is what opens.
  const languageList = props.languages.join(',');
  useEffect(() => {
    const found = loadDrafts(browserStore(), props.exerciseId, languageList.split(',') as Lang[]);
    setDrafts(found);
    const opened = first?.language;
    const fill = Object.fromEntries(Object.entries(found).filter(([l]) => l !== opened));
    if (Object.keys(fill).length) {
      setSources((s) => ({ ...s, ...fill }));
      setOrigin((o) => ({ ...o, ...Object.fromEntries(Object.keys(fill).map((l) => [l, 'draft'])) }));
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [props.exerciseId, languageList]);

  const shown = sources[language] ?? '';
  const shownOrigin: Origin = origin[language] ?? 'starter';
  const draft = drafts[language];

  function edit(v: string) {
    setSources((s) => ({ ...s, [language]: v }));
    setOrigin((o) => ({ ...o, [language]: 'edited' }));
    setDrafts((d) => ({ ...d, [language]: v }));
    saveDraft(browserStore(), { exerciseId: props.exerciseId, language, source: v, starter: props.starters[language] });
  }

  function load(what: 'submission' | 'draft' | 'starter') {
    const text = what === 'submission' ? first?.source : what === 'draft' ? draft : props.starters[language];
    setSources((s) => ({ ...s, [language]: text ?? '' }));
    setOrigin((o) => ({ ...o, [language]: what }));
  }

  async function send(mode: 'visible' | 'submit') {
    if (!shown.trim()) {
      setError('Your code is empty: write or load some code first.');
      return;
    }
    setBusy(true);
    setError(null);
    setExpired(false);
    const posted = await postJson(`/api/exercises/${props.exerciseId}/submissions`, { language, source: shown, mode });
    if (!posted.ok) {
      // The old result must not sit under a new error as if it still applied.
      setRun(null);
      if (posted.sessionExpired) setExpired(true);
      else setError(posted.data.error);
      setBusy(false);
      return;
    }
    const res = await fetch(`/api/submissions/${posted.data.submissionId}`, { cache: 'no-store' }).catch(() => null);
    if (res?.ok) setRun(await res.json());
    else setError('Your code was sent, but its status could not be loaded; it appears under “Your submissions”.');
    setBusy(false);
    router.refresh(); // history and attempts left
  }

  const originText: Record<Origin, string> = {
    submission: `Your latest submission (${props.latest?.when ?? ''}).`,
    draft: 'Your draft, kept in this browser.',
    starter: 'The starter code.',
    edited: 'Your edits (kept in this browser as you type).',
  };
  return (
    <div className={styles.split}>
      <div>
        <div className={styles.toolbar}>
          <label htmlFor="language" style={{ margin: 0 }}>Language</label>
          <select id="language" value={language} onChange={(e) => setLanguage(e.target.value as Lang)} style={{ width: 'auto' }}>
            {props.languages.map((l) => <option key={l} value={l}>{l}</option>)}
          </select>
        </div>
        <p className="muted" data-testid="editor-origin" style={{ margin: '.4rem 0' }}>
          Showing: {originText[shownOrigin]}{' '}
          {first && first.language === language && shownOrigin !== 'submission' && (
            <button type="button" className={styles.linkButton} onClick={() => load('submission')}>Load latest submission</button>
          )}
          {draft !== undefined && draft !== shown && (
            <button type="button" className={styles.linkButton} onClick={() => load('draft')}>Load my draft</button>
          )}
          {shownOrigin !== 'starter' && shown !== (props.starters[language] ?? '') && (
            <button type="button" className={styles.linkButton} onClick={() => load('starter')}>Load the starter</button>
          )}
        </p>
        <div style={{ border: '1px solid var(--line, #cfd4dc)', borderRadius: 6 }} data-testid="editor">
          <CodeMirror value={shown} height="360px" extensions={LANGUAGE_EXTENSIONS[language]} onChange={edit} aria-label={`Your ${language} code`} />
        </div>
        {expired && <SessionExpired detail="Nothing was submitted; your code is kept in this browser." />}
        {error && <p className="error" role="alert">{error}</p>}
        <p className={styles.buttons}>
          <button className="secondary" disabled={busy} onClick={() => send('visible')}>Run visible tests</button>
          <button disabled={busy || !props.canSubmit} onClick={() => send('submit')}>Submit for grading</button>
        </p>
        <p className="muted">Visible tests do not use an attempt. Submitting runs the hidden tests too.</p>
      </div>
      <div aria-live="polite" data-testid="run-panel">
        <h3 style={{ marginTop: 0 }}>Results</h3>
        {run ? (
          <>
            <SubmissionLive initial={run} onSettled={() => router.refresh()} />
            <p><a href={`/submissions/${run.id}`}>Open this {run.mode === 'visible' ? 'run' : 'submission'} on its own page</a></p>
          </>
        ) : (
          <p className="muted">Run the visible tests to see their results here.</p>
        )}
      </div>
    </div>
  );
}

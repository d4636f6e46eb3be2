'use client';
import { useEffect, useMemo, useState } from 'react';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import CodeMirror from '@uiw/react-codemirror';
import type { SubmissionView } from '@/lib/submissions/view';
import { usePostJson } from './use-post-json';
import { browserStore, loadDrafts, saveDraft } from './code-draft';
import { SessionExpired } from './session-expired';
import { SubmissionLive } from './submission-live';
import { LANGUAGE_EXTENSIONS, type Lang } from './code-languages';
import styles from './exercise-layout.module.css';
import { editorA11y } from './code-editor-a11y';

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
  const tEditor = useTranslations('codeEditor');
  const t = useTranslations('codeForm');
  const postJson = usePostJson();
  const extensions = useMemo(() => [...LANGUAGE_EXTENSIONS[language], editorA11y(tEditor('label', { language }))], [language, tEditor]);

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
      setError(t('empty'));
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
    else setError(t('statusNotLoaded'));
    setBusy(false);
    router.refresh(); // history and attempts left
  }

  const originText: Record<Origin, string> = {
    submission: t('originSubmission', { when: props.latest?.when ?? '' }),
    draft: t('originDraft'),
    starter: t('originStarter'),
    edited: t('originEdited'),
  };
  return (
    <div className={styles.split}>
      <div>
        <div className={styles.toolbar}>
          <label htmlFor="language" style={{ margin: 0 }}>{t('language')}</label>
          <select id="language" value={language} onChange={(e) => setLanguage(e.target.value as Lang)} style={{ width: 'auto' }}>
            {props.languages.map((l) => <option key={l} value={l}>{l}</option>)}
          </select>
        </div>
        <p className="muted" data-testid="editor-origin" style={{ margin: '.4rem 0' }}>
          {t('showing')} {originText[shownOrigin]}{' '}
          {first && first.language === language && shownOrigin !== 'submission' && (
            <button type="button" className={styles.linkButton} onClick={() => load('submission')}>{t('loadSubmission')}</button>
          )}
          {draft !== undefined && draft !== shown && (
            <button type="button" className={styles.linkButton} onClick={() => load('draft')}>{t('loadDraft')}</button>
          )}
          {shownOrigin !== 'starter' && shown !== (props.starters[language] ?? '') && (
            <button type="button" className={styles.linkButton} onClick={() => load('starter')}>{t('loadStarter')}</button>
          )}
        </p>
        <div style={{ border: '1px solid var(--input-line)', borderRadius: 6 }} data-testid="editor">
          <CodeMirror value={shown} height="360px" extensions={extensions} onChange={edit} />
        </div>
        {expired && <SessionExpired detail={t('expired')} />}
        {error && <p className="error" role="alert">{error}</p>}
        <p className={styles.buttons}>
          <button className="secondary" disabled={busy} onClick={() => send('visible')}>{t('runVisible')}</button>
          <button disabled={busy || !props.canSubmit} onClick={() => send('submit')}>{t('submit')}</button>
        </p>
        <p className="muted">{t('help')}</p>
      </div>
      <div aria-live="polite" data-testid="run-panel">
        <h3 style={{ marginTop: 0 }}>{t('results')}</h3>
        {run ? (
          <>
            <SubmissionLive initial={run} onSettled={() => router.refresh()} />
            <p><a href={`/submissions/${run.id}`}>{run.mode === 'visible' ? t('openRun') : t('openSubmission')}</a></p>
          </>
        ) : (
          <p className="muted">{t('noRunYet')}</p>
        )}
      </div>
    </div>
  );
}

'use client';
import { useEffect, useMemo, useState } from 'react';
import { useTranslations } from 'next-intl';
import CodeMirror from '@uiw/react-codemirror';
import { python } from '@codemirror/lang-python';
import { javascript } from '@codemirror/lang-javascript';
import { postJson } from './post-json';
import { browserStore, clearDraft, loadDrafts, saveDraft } from './code-draft';
import { SessionExpired } from './session-expired';
import { editorA11y } from './code-editor-a11y';

type Lang = 'python' | 'typescript' | 'javascript';

const EXTENSIONS = {
  python: [python()],
  typescript: [javascript({ typescript: true })],
  javascript: [javascript()],
};

export function CodeForm(props: { exerciseId: string; languages: Lang[]; starters: Partial<Record<Lang, string>> }) {
  const [language, setLanguage] = useState<Lang>(props.languages[0] ?? 'python');
  const [sources, setSources] = useState<Partial<Record<Lang, string>>>(props.starters);
  const [error, setError] = useState<string | null>(null);
  const [expired, setExpired] = useState(false);
  const [busy, setBusy] = useState(false);
  const tEditor = useTranslations('codeEditor');
  const t = useTranslations('codeForm');
  const extensions = useMemo(() => [...EXTENSIONS[language], editorA11y(tEditor('label', { language }))], [language, tEditor]);

  // Drafts load after mount: the server render has no localStorage, and both
  // renders must agree on the first paint.
  const languageList = props.languages.join(',');
  useEffect(() => {
    const drafts = loadDrafts(browserStore(), props.exerciseId, languageList.split(',') as Lang[]);
    if (Object.keys(drafts).length) setSources((s) => ({ ...s, ...drafts }));
  }, [props.exerciseId, languageList]);

  function edit(v: string) {
    setSources((s) => ({ ...s, [language]: v }));
    saveDraft(browserStore(), { exerciseId: props.exerciseId, language, source: v, starter: props.starters[language] });
  }

  function reset() {
    if (!window.confirm(t('confirmReset', { language }))) return;
    clearDraft(browserStore(), props.exerciseId, language);
    setSources((s) => ({ ...s, [language]: props.starters[language] ?? '' }));
  }

  async function send(mode: 'visible' | 'submit') {
    setBusy(true);
    setError(null);
    setExpired(false);
    const posted = await postJson(`/api/exercises/${props.exerciseId}/submissions`, { language, source: sources[language] ?? '', mode });
    if (!posted.ok) {
      if (posted.sessionExpired) setExpired(true);
      else setError(posted.data.error);
      setBusy(false);
      return;
    }
    window.location.assign(`/submissions/${posted.data.submissionId}`);
  }

  return (
    <div>
      <label htmlFor="language">{t('language')}</label>
      <select id="language" value={language} onChange={(e) => setLanguage(e.target.value as Lang)}>
        {props.languages.map((l) => <option key={l} value={l}>{l}</option>)}
      </select>
      <div style={{ border: '1px solid #cfd4dc', borderRadius: 6, marginTop: '.6rem' }} data-testid="editor">
        <CodeMirror
          value={sources[language] ?? ''}
          height="360px"
          extensions={extensions}
          onChange={edit}
        />
      </div>
      {expired && <SessionExpired detail={t('expired')} />}
      {error && <p className="error" role="alert">{error}</p>}
      <p style={{ display: 'flex', gap: '.6rem' }}>
        <button className="secondary" disabled={busy} onClick={() => send('visible')}>{t('runVisible')}</button>
        <button disabled={busy} onClick={() => send('submit')}>{t('submit')}</button>
        <button className="secondary" type="button" disabled={busy} onClick={reset} style={{ marginLeft: 'auto' }}>{t('reset')}</button>
      </p>
      <p className="muted">{t('help')}</p>
    </div>
  );
}

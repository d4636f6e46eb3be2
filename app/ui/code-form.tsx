'use client';
import { useState } from 'react';
import CodeMirror from '@uiw/react-codemirror';
import { python } from '@codemirror/lang-python';
import { javascript } from '@codemirror/lang-javascript';
import { postJson } from './post-json';

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
  const [busy, setBusy] = useState(false);

  async function send(mode: 'visible' | 'submit') {
    setBusy(true);
    setError(null);
    const posted = await postJson(`/api/exercises/${props.exerciseId}/submissions`, { language, source: sources[language] ?? '', mode });
    if (!posted.ok) {
      setError(posted.data.error);
      setBusy(false);
      return;
    }
    window.location.assign(`/submissions/${posted.data.submissionId}`);
  }

  return (
    <div>
      <label htmlFor="language">Language</label>
      <select id="language" value={language} onChange={(e) => setLanguage(e.target.value as Lang)}>
        {props.languages.map((l) => <option key={l} value={l}>{l}</option>)}
      </select>
      <div style={{ border: '1px solid #cfd4dc', borderRadius: 6, marginTop: '.6rem' }} data-testid="editor">
        <CodeMirror
          value={sources[language] ?? ''}
          height="360px"
          extensions={EXTENSIONS[language]}
          onChange={(v) => setSources({ ...sources, [language]: v })}
        />
      </div>
      {error && <p className="error" role="alert">{error}</p>}
      <p style={{ display: 'flex', gap: '.6rem' }}>
        <button className="secondary" disabled={busy} onClick={() => send('visible')}>Run visible tests</button>
        <button disabled={busy} onClick={() => send('submit')}>Submit for grading</button>
      </p>
      <p className="muted">Visible tests do not use an attempt. Submitting runs the hidden tests too.</p>
    </div>
  );
}

'use client';
import { useEffect, useState } from 'react';
import type { MnistSettings } from '@/lib/model/settings';
import { bytesToBase64, detectModelFormat } from '@/lib/model/upload-files';
import { postJson } from './post-json';
import { browserStore, loadDrafts, saveDraft } from './code-draft';
import { SessionExpired } from './session-expired';

type Format = 'spec' | 'keras' | 'tfjs';

/**
 * `dailyCap` is the exercise row's cap (what submit enforces, and what the instructor
 * edits in the web settings); `settings.dailyCap` is only the YAML's starting value.
 */
export function ModelForm(props: { exerciseId: string; starter: string; settings: MnistSettings; dailyCap: number | null }) {
  const [format, setFormat] = useState<Format>('spec');
  const [content, setContent] = useState(props.starter);
  const [weights, setWeights] = useState<Record<string, string>>({});
  const training = props.settings.training;
  const [settings, setSettings] = useState<{ optimizer: string; learningRate: number; batchSize: number; epochs: number }>(training.defaults);
  const [summary, setSummary] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [expired, setExpired] = useState(false);
  const maxEpochs = props.settings.budgets.maxEpochs;
  const dailyCap = props.dailyCap;

  // The model text is kept as a draft like code is (after mount: no localStorage on the server).
  useEffect(() => {
    const draft = loadDrafts(browserStore(), props.exerciseId, ['model']).model;
    if (draft !== undefined) setContent(draft);
  }, [props.exerciseId]);

  function edit(text: string) {
    setContent(text);
    saveDraft(browserStore(), { exerciseId: props.exerciseId, language: 'model', source: text, starter: props.starter });
  }

  async function loadFiles(files: FileList | null) {
    if (!files) return;
    const w: Record<string, string> = {};
    for (const f of Array.from(files)) {
      if (/\.(json|ya?ml)$/i.test(f.name)) {
        const text = await f.text();
        edit(text);
        // A model.json that lists weight files can only be the tfjs format: do not make the student pick it.
        const detected = detectModelFormat(text);
        if (detected) setFormat(detected);
      } else w[f.name] = bytesToBase64(new Uint8Array(await f.arrayBuffer()));
    }
    setWeights(w);
  }

  async function preview() {
    setError(null);
    const res = await postJson('/api/model-summary', { format, content });
    if (res.ok) setSummary(res.data.summary);
    else {
      setSummary(null);
      setError(res.data.error);
    }
  }

  async function submit() {
    setBusy(true);
    setError(null);
    setExpired(false);
    const posted = await postJson(`/api/exercises/${props.exerciseId}/submissions`, { format, content, weights, settings });
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
      <label htmlFor="format">Format</label>
      <select id="format" value={format} onChange={(e) => setFormat(e.target.value as Format)}>
        <option value="spec">Layer spec (YAML or JSON)</option>
        <option value="keras">Keras model.to_json()</option>
        <option value="tfjs">Trained TensorFlow.js model (model.json + weights; evaluated only)</option>
      </select>
      <label htmlFor="model">Model</label>
      <textarea id="model" rows={14} style={{ maxWidth: '100%', fontFamily: 'monospace' }} value={content} onChange={(e) => edit(e.target.value)} />
      <label htmlFor="files">…or upload files</label>
      <input id="files" type="file" multiple onChange={(e) => loadFiles(e.target.files)} />
      {format !== 'tfjs' && (
        <fieldset style={{ marginTop: '.6rem' }}>
          <legend>Training settings</legend>
          <label htmlFor="optimizer">Optimizer</label>
          <select id="optimizer" value={settings.optimizer} onChange={(e) => setSettings({ ...settings, optimizer: e.target.value })}>
            {training.optimizers.map((o) => <option key={o} value={o}>{o === 'sgd' ? 'SGD' : o === 'adam' ? 'Adam' : 'RMSprop'}</option>)}
          </select>
          <label htmlFor="lr">Learning rate ({training.learningRate.min} to {training.learningRate.max})</label>
          <input id="lr" type="number" step="any" min="0" value={settings.learningRate} onChange={(e) => setSettings({ ...settings, learningRate: Number(e.target.value) })} />
          <label htmlFor="batch">Batch size ({training.batchSize.min} to {training.batchSize.max})</label>
          <input id="batch" type="number" min={training.batchSize.min} max={training.batchSize.max} value={settings.batchSize} onChange={(e) => setSettings({ ...settings, batchSize: Number(e.target.value) })} />
          <label htmlFor="epochs">Epochs (at most {maxEpochs})</label>
          <input id="epochs" type="number" min="1" max={maxEpochs} value={settings.epochs} onChange={(e) => setSettings({ ...settings, epochs: Number(e.target.value) })} />
        </fieldset>
      )}
      <p className="muted">
        {dailyCap == null ? 'There is no daily limit on submissions.' : `You can submit ${dailyCap} model${dailyCap === 1 ? '' : 's'} per day.`} Budgets: at most {props.settings.budgets.maxParams.toLocaleString('en')} parameters,
        {' '}{props.settings.budgets.maxLayers} layers, {Math.round(props.settings.budgets.maxSeconds / 60)} minutes of training.
      </p>
      <p style={{ display: 'flex', gap: '.6rem' }}>
        <button className="secondary" onClick={preview}>Show summary</button>
        <button disabled={busy} onClick={submit}>Submit for training</button>
      </p>
      {error && <p className="error" role="alert">{error}</p>}
      {expired && <SessionExpired detail="Nothing was submitted; your model text is kept in this browser (uploaded weight files must be chosen again)." />}
      {summary && <pre data-testid="summary">{summary}</pre>}
    </div>
  );
}

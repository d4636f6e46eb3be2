'use client';
import { useEffect, useState } from 'react';
import { useFormatter, useTranslations } from 'next-intl';
import type { MnistSettings } from '@/lib/model/settings';
import { bytesToBase64, detectModelFormat } from '@/lib/model/upload-files';
import { usePostJson } from './use-post-json';
import { browserStore, loadDrafts, saveDraft } from './code-draft';
import { SessionExpired } from './session-expired';

type Format = 'spec' | 'keras' | 'tfjs';

/**
 * `dailyCap` is the exercise row's cap (what submit enforces, and what the instructor
 * edits in the web settings); `settings.dailyCap` is only the YAML's starting value.
 */
export function ModelForm(props: { exerciseId: string; starter: string; settings: MnistSettings; dailyCap: number | null }) {
  const t = useTranslations('modelForm');
  const postJson = usePostJson();
  const fmt = useFormatter();
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
      <label htmlFor="format">{t('format')}</label>
      <select id="format" value={format} onChange={(e) => setFormat(e.target.value as Format)}>
        <option value="spec">{t('formatSpec')}</option>
        <option value="keras">{t('formatKeras')}</option>
        <option value="tfjs">{t('formatTfjs')}</option>
      </select>
      <label htmlFor="model">{t('model')}</label>
      <textarea id="model" rows={14} style={{ maxWidth: '100%', fontFamily: 'monospace' }} value={content} onChange={(e) => edit(e.target.value)} />
      <label htmlFor="files">{t('upload')}</label>
      <input id="files" type="file" multiple onChange={(e) => loadFiles(e.target.files)} />
      {format !== 'tfjs' && (
        <fieldset style={{ marginTop: '.6rem' }}>
          <legend>{t('training')}</legend>
          <label htmlFor="optimizer">{t('optimizer')}</label>
          <select id="optimizer" value={settings.optimizer} onChange={(e) => setSettings({ ...settings, optimizer: e.target.value })}>
            {training.optimizers.map((o) => <option key={o} value={o}>{o === 'sgd' ? 'SGD' : o === 'adam' ? 'Adam' : 'RMSprop'}</option>)}
          </select>
          <label htmlFor="lr">{t('learningRate', { min: fmt.number(training.learningRate.min), max: fmt.number(training.learningRate.max) })}</label>
          <input id="lr" type="number" step="any" min="0" value={settings.learningRate} onChange={(e) => setSettings({ ...settings, learningRate: Number(e.target.value) })} />
          <label htmlFor="batch">{t('batchSize', { min: fmt.number(training.batchSize.min), max: fmt.number(training.batchSize.max) })}</label>
          <input id="batch" type="number" min={training.batchSize.min} max={training.batchSize.max} value={settings.batchSize} onChange={(e) => setSettings({ ...settings, batchSize: Number(e.target.value) })} />
          <label htmlFor="epochs">{t('epochs', { max: fmt.number(maxEpochs) })}</label>
          <input id="epochs" type="number" min="1" max={maxEpochs} value={settings.epochs} onChange={(e) => setSettings({ ...settings, epochs: Number(e.target.value) })} />
        </fieldset>
      )}
      <p className="muted">
        {dailyCap == null ? t('noCap') : t('cap', { cap: dailyCap })}{' '}
        {t('budgets', { params: fmt.number(props.settings.budgets.maxParams), layers: fmt.number(props.settings.budgets.maxLayers), minutes: fmt.number(Math.round(props.settings.budgets.maxSeconds / 60)) })}
      </p>
      <p style={{ display: 'flex', gap: '.6rem' }}>
        <button className="secondary" onClick={preview}>{t('preview')}</button>
        <button disabled={busy} onClick={submit}>{t('submit')}</button>
      </p>
      {error && <p className="error" role="alert">{error}</p>}
      {expired && <SessionExpired detail={t('expired')} />}
      {summary && <pre data-testid="summary">{summary}</pre>}
    </div>
  );
}

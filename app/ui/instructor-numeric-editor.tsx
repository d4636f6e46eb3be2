'use client';
import { useMemo, useState } from 'react';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { authoredAnswer, authoredVariant, validateAuthoredNumeric, type AuthoredNumeric } from '@/lib/authoring';
import { AUTHORING_LABELS } from '@/lib/authoring/labels';
import { labelFor } from '@/lib/forms/messages';
import { Markdown } from './markdown';
import { usePostJson } from './use-post-json';
import { useText } from './use-text';
import type { Text } from '@/lib/i18n/message';

// The web editor for numeric exercises: the same validation as the server
// runs on save (lib/authoring is browser-safe), errors next to the field they
// are about, and a live preview of a random student's variant.

type ParamRow = { name: string; kind: 'range' | 'choices'; min: string; max: string; step: string; choices: string };
type FieldRow = { name: string; label: string; type: 'integer' | 'real'; formula: string; relative: string; absolute: string; unit: string };
type State = { id: string; title: string; week: string; points: string; prompt: string; solution: string; constraints: string; params: ParamRow[]; fields: FieldRow[] };

const numberOrText = (s: string): number | string => (s.trim() === '' || Number.isNaN(Number(s)) ? s : Number(s));

function toDef(s: State): unknown {
  return {
    id: s.id.trim(),
    title: s.title.trim(),
    week: numberOrText(s.week),
    points: numberOrText(s.points),
    prompt: s.prompt,
    ...(s.solution.trim() ? { solution: s.solution } : {}),
    constraints: s.constraints.split('\n').map((c) => c.trim()).filter(Boolean),
    params: s.params.map((p) =>
      p.kind === 'choices'
        ? { name: p.name.trim(), choices: p.choices.split(',').map((c) => numberOrText(c.trim())) }
        : { name: p.name.trim(), min: numberOrText(p.min), max: numberOrText(p.max), ...(p.step.trim() ? { step: numberOrText(p.step) } : {}) },
    ),
    fields: s.fields.map((f) => {
      const tolerance = f.type === 'real' && (f.relative.trim() || f.absolute.trim())
        ? { ...(f.relative.trim() ? { relative: numberOrText(f.relative) } : {}), ...(f.absolute.trim() ? { absolute: numberOrText(f.absolute) } : {}) }
        : undefined;
      return { name: f.name.trim(), label: f.label.trim(), type: f.type, formula: f.formula, ...(tolerance ? { tolerance } : {}), ...(f.unit.trim() ? { unit: f.unit.trim() } : {}) };
    }),
  };
}

function fromDef(d: AuthoredNumeric): State {
  return {
    id: d.id,
    title: d.title,
    week: String(d.week),
    points: String(d.points),
    prompt: d.prompt,
    solution: d.solution ?? '',
    constraints: d.constraints.join('\n'),
    params: d.params.map((p) =>
      'choices' in p
        ? { name: p.name, kind: 'choices', min: '', max: '', step: '', choices: p.choices.join(', ') }
        : { name: p.name, kind: 'range', min: String(p.min), max: String(p.max), step: p.step == null ? '' : String(p.step), choices: '' },
    ),
    fields: d.fields.map((f) => ({
      name: f.name,
      label: f.label,
      type: f.type,
      formula: f.formula,
      relative: f.tolerance?.relative == null ? '' : String(f.tolerance.relative),
      absolute: f.tolerance?.absolute == null ? '' : String(f.tolerance.absolute),
      unit: f.unit ?? '',
    })),
  };
}

// A new exercise starts as a worked example; its prompt and answer label are in the instructor's language (see newExercise).
const NEW: State = {
  id: '',
  title: '',
  week: '1',
  points: '10',
  prompt: '',
  solution: '',
  constraints: '',
  params: [{ name: 'n', kind: 'range', min: '5', max: '32', step: '', choices: '' }],
  fields: [{ name: 'out', label: '', type: 'integer', formula: 'n - 3 + 1', relative: '', absolute: '', unit: '' }],
};

/** NEW with its sentences from authoring.form; the {{n}} placeholder is a value, so the catalogs need no ICU escapes. */
function newExercise(t: (key: 'newPrompt' | 'newFieldLabel', values?: Record<string, string>) => string): State {
  return { ...NEW, prompt: t('newPrompt', { n: '{{n}}' }), fields: NEW.fields.map((f) => ({ ...f, label: t('newFieldLabel') })) };
}

const emptyParam = (): ParamRow => ({ name: '', kind: 'range', min: '1', max: '10', step: '', choices: '' });
const emptyField = (): FieldRow => ({ name: '', label: '', type: 'integer', formula: '', relative: '', absolute: '', unit: '' });
const randomSeed = () => Math.random().toString(36).slice(2, 10);

export function InstructorNumericEditor({ initial, editing }: { initial?: AuthoredNumeric; editing?: boolean }) {
  const router = useRouter();
  const t = useTranslations('authoring.form');
  const postJson = usePostJson();
  const tc = useTranslations('authoring.checks');
  const text = useText();
  // Labels come from AUTHORING_LABELS, as the error sentences' do: "Parameter 2 name" on the field and in its error.
  const lab = (...path: (string | number)[]) => text(labelFor(path, AUTHORING_LABELS));
  const [s, setS] = useState<State>(() => (initial ? fromDef(initial) : newExercise(t)));
  const [seed, setSeed] = useState('preview-1');
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  // Problems show for parts someone has edited, and for all of them once Save is pressed.
  const [touched, setTouched] = useState<Set<string>>(() => new Set());
  const [tried, setTried] = useState(false);
  const touch = (...parts: string[]) => setTouched((t) => (parts.every((p) => t.has(p)) ? t : new Set([...t, ...parts])));

  const def = useMemo(() => toDef(s), [s]);
  const validation = useMemo(() => validateAuthoredNumeric(def, { seeds: 100 }), [def]);
  const errors = useMemo(() => {
    const out: Record<string, Text[]> = {};
    if (!validation.ok) for (const e of validation.errors) (out[e.path] ??= []).push(e.text);
    for (const [k, v] of Object.entries(serverErrors)) (out[k] ??= []).push(v);
    return out;
  }, [validation, serverErrors]);
  const preview = useMemo(() => {
    if (!validation.ok) return null;
    try {
      const variant = authoredVariant(validation.def, seed);
      return { variant, answer: authoredAnswer(validation.def, variant.params as Record<string, number>) };
    } catch (e) {
      return { error: (e as Error).message };
    }
  }, [validation, seed]);

  const update = (patch: Partial<State>, ...parts: string[]) => {
    setS({ ...s, ...patch });
    setServerErrors({});
    touch(...(parts.length ? parts : Object.keys(patch)));
  };
  const setParam = (i: number, patch: Partial<ParamRow>) => update({ params: s.params.map((p, j) => (j === i ? { ...p, ...patch } : p)) }, `params.${i}`);
  const setField = (i: number, patch: Partial<FieldRow>) => update({ fields: s.fields.map((f, j) => (j === i ? { ...f, ...patch } : f)) }, `fields.${i}`);
  const shows = (k: string) => tried || [...touched].some((t) => k === t || k.startsWith(`${t}.`));
  const said = (k: string, m: Text) => {
    // Checks beyond the schema speak of the value, not the field: say which field.
    const label = lab(...k.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p)));
    const problem = text(m);
    return problem.startsWith(label) ? problem : tc('labelled', { label, problem: problem.replace(/\.$/, '') });
  };
  const err = (...paths: string[]) => {
    const msgs = paths.flatMap((p) => Object.entries(errors).filter(([k]) => (k === p || k.startsWith(`${p}.`)) && shows(k)).flatMap(([k, m]) => m.map((x) => said(k, x))));
    return msgs.length > 0 ? <div className="field-error" data-testid="field-error">{[...new Set(msgs)].join(' ')}</div> : null;
  };
  const shownPaths = (k: string) => /^(id|title|week|points|prompt|solution|constraints|params\.\d+|fields\.\d+|params|fields)(\.|$)/.test(k);

  async function save() {
    setTried(true);
    if (!validation.ok) {
      const n = Object.keys(errors).length;
      setMessage({ ok: false, text: t('notSaved', { n }) });
      return;
    }
    setBusy(true);
    setMessage(null);
    const res = await postJson('/api/instructor/authored', def);
    setBusy(false);
    if (!res.ok) {
      setServerErrors(res.data.fieldErrors ?? {});
      setMessage({ ok: false, text: res.data.error });
      return;
    }
    setMessage({ ok: true, text: t(res.data.newVersion ? 'saved' : 'savedUnchanged', { title: s.title, version: res.data.version }) });
    if (!editing) router.push(`/instructor/editor/${res.data.id}?saved=1`);
    else router.refresh();
  }

  return (
    <div style={{ display: 'grid', gridTemplateColumns: 'minmax(0,1fr) minmax(0,1fr)', gap: '1rem' }}>
      <div className="card" data-testid="numeric-editor">
        <label htmlFor="e-id">{lab('id')}</label>
        <input id="e-id" type="text" value={s.id} readOnly={editing} onChange={(e) => update({ id: e.target.value })} placeholder={t('idPlaceholder')} />
        {err('id')}
        <label htmlFor="e-title">{lab('title')}</label>
        <input id="e-title" type="text" value={s.title} onChange={(e) => update({ title: e.target.value })} />
        {err('title')}
        <div style={{ display: 'flex', gap: '1rem' }}>
          <div><label htmlFor="e-week">{lab('week')}</label><input id="e-week" type="number" value={s.week} onChange={(e) => update({ week: e.target.value })} />{err('week')}</div>
          <div><label htmlFor="e-points">{lab('points')}</label><input id="e-points" type="number" step="any" value={s.points} onChange={(e) => update({ points: e.target.value })} />{err('points')}</div>
        </div>
        <label htmlFor="e-prompt">{t('promptHelp')}</label>
        <textarea id="e-prompt" rows={6} value={s.prompt} onChange={(e) => update({ prompt: e.target.value })} style={{ maxWidth: '100%' }} />
        {err('prompt')}

        <h2 style={{ marginTop: '1rem' }}>{t('paramsTitle')}</h2>
        {s.params.map((p, i) => (
          <fieldset key={i} data-testid={`param-${i + 1}`}>
            <legend>{lab('params', i)}</legend>
            <label htmlFor={`p-${i}-name`}>{lab('params', i, 'name')}</label>
            <input id={`p-${i}-name`} type="text" value={p.name} onChange={(e) => setParam(i, { name: e.target.value })} />
            <label htmlFor={`p-${i}-kind`}>{t('paramValues', { n: i + 1 })}</label>
            <select id={`p-${i}-kind`} value={p.kind} onChange={(e) => setParam(i, { kind: e.target.value as ParamRow['kind'] })}>
              <option value="range">{t('range')}</option>
              <option value="choices">{t('choices')}</option>
            </select>
            {p.kind === 'range' ? (
              <div style={{ display: 'flex', gap: '.5rem' }}>
                <div><label htmlFor={`p-${i}-min`}>{lab('params', i, 'min')}</label><input id={`p-${i}-min`} type="text" value={p.min} onChange={(e) => setParam(i, { min: e.target.value })} /></div>
                <div><label htmlFor={`p-${i}-max`}>{lab('params', i, 'max')}</label><input id={`p-${i}-max`} type="text" value={p.max} onChange={(e) => setParam(i, { max: e.target.value })} /></div>
                <div><label htmlFor={`p-${i}-step`}>{lab('params', i, 'step')}</label><input id={`p-${i}-step`} type="text" value={p.step} placeholder="1" onChange={(e) => setParam(i, { step: e.target.value })} /></div>
              </div>
            ) : (
              <>
                <label htmlFor={`p-${i}-choices`}>{t('paramChoicesHelp', { n: i + 1 })}</label>
                <input id={`p-${i}-choices`} type="text" value={p.choices} onChange={(e) => setParam(i, { choices: e.target.value })} />
              </>
            )}
            {err(`params.${i}`)}
            <p><button type="button" className="secondary" onClick={() => update({ params: s.params.filter((_, j) => j !== i) })}>{t('removeParam', { n: i + 1 })}</button></p>
          </fieldset>
        ))}
        <p><button type="button" className="secondary" onClick={() => update({ params: [...s.params, emptyParam()] }, '_')}>{t('addParam')}</button></p>
        <label htmlFor="e-constraints">{t('constraintsHelp')}</label>
        <textarea id="e-constraints" rows={2} value={s.constraints} onChange={(e) => update({ constraints: e.target.value })} style={{ maxWidth: '100%' }} />
        {err('constraints')}

        <h2 style={{ marginTop: '1rem' }}>{t('fieldsTitle')}</h2>
        {s.fields.map((f, i) => (
          <fieldset key={i} data-testid={`field-${i + 1}`}>
            <legend>{lab('fields', i)}</legend>
            <div style={{ display: 'flex', gap: '.5rem' }}>
              <div><label htmlFor={`f-${i}-name`}>{lab('fields', i, 'name')}</label><input id={`f-${i}-name`} type="text" value={f.name} onChange={(e) => setField(i, { name: e.target.value })} /></div>
              <div><label htmlFor={`f-${i}-type`}>{lab('fields', i, 'type')}</label>
                <select id={`f-${i}-type`} value={f.type} onChange={(e) => setField(i, { type: e.target.value as FieldRow['type'] })}>
                  <option value="integer">{t('integer')}</option>
                  <option value="real">{t('real')}</option>
                </select>
              </div>
            </div>
            <label htmlFor={`f-${i}-label`}>{lab('fields', i, 'label')}</label>
            <input id={`f-${i}-label`} type="text" value={f.label} onChange={(e) => setField(i, { label: e.target.value })} />
            <label htmlFor={`f-${i}-formula`}>{lab('fields', i, 'formula')}</label>
            <input id={`f-${i}-formula`} type="text" value={f.formula} onChange={(e) => setField(i, { formula: e.target.value })} placeholder="floor((n + 2*p - k)/s) + 1" />
            {f.type === 'real' && (
              <div style={{ display: 'flex', gap: '.5rem' }}>
                <div><label htmlFor={`f-${i}-rel`}>{lab('fields', i, 'tolerance', 'relative')}</label><input id={`f-${i}-rel`} type="text" value={f.relative} placeholder="1e-6" onChange={(e) => setField(i, { relative: e.target.value })} /></div>
                <div><label htmlFor={`f-${i}-abs`}>{lab('fields', i, 'tolerance', 'absolute')}</label><input id={`f-${i}-abs`} type="text" value={f.absolute} placeholder="0" onChange={(e) => setField(i, { absolute: e.target.value })} /></div>
              </div>
            )}
            <label htmlFor={`f-${i}-unit`}>{t('unitHelp', { n: i + 1 })}</label>
            <input id={`f-${i}-unit`} type="text" value={f.unit} onChange={(e) => setField(i, { unit: e.target.value })} />
            {err(`fields.${i}`)}
            {s.fields.length > 1 && <p><button type="button" className="secondary" onClick={() => update({ fields: s.fields.filter((_, j) => j !== i) })}>{t('removeField', { n: i + 1 })}</button></p>}
          </fieldset>
        ))}
        {err('fields')}
        <p><button type="button" className="secondary" onClick={() => update({ fields: [...s.fields, emptyField()] }, '_')}>{t('addField')}</button></p>
        <label htmlFor="e-solution">{t('solutionHelp')}</label>
        <textarea id="e-solution" rows={3} value={s.solution} onChange={(e) => update({ solution: e.target.value })} style={{ maxWidth: '100%' }} />
        {err('solution')}
        {Object.keys(errors).filter((k) => !shownPaths(k) && shows(k)).map((k) => <div key={k} className="field-error">{errors[k]!.map((m) => said(k, m)).join(' ')}</div>)}
        {message && <p role={message.ok ? 'status' : 'alert'} className={message.ok ? 'notice' : 'error'}>{message.text}</p>}
        <p>
          <button type="button" onClick={save} disabled={busy}>{busy ? t('saving') : t('save')}</button>
        </p>
      </div>
      <div className="card" data-testid="preview" style={{ position: 'sticky', top: '1rem', alignSelf: 'start' }}>
        <h2>{t('preview')}</h2>
        <p className="muted">
          {t('seed')} <code data-testid="preview-seed">{seed}</code>{' '}
          <button type="button" className="secondary" onClick={() => setSeed(randomSeed())}>{t('newSeed')}</button>
        </p>
        {!preview ? (
          <p className="muted">{t('previewWaits')}</p>
        ) : 'error' in preview ? (
          <p className="error">{preview.error}</p>
        ) : (
          <>
            <Markdown>{preview.variant.prompt}</Markdown>
            <table>
              <thead><tr><th>{t('field')}</th><th>{t('expected')}</th></tr></thead>
              <tbody>
                {preview.variant.fields.map((f) => (
                  <tr key={f.name}><td>{f.label}</td><td data-testid={`expected-${f.name}`}>{preview.answer[f.name]}</td></tr>
                ))}
              </tbody>
            </table>
            <p className="muted">{t('parameters', { list: Object.entries(preview.variant.params).map(([k, v]) => `${k} = ${v}`).join(', ') || t('none') })}</p>
          </>
        )}
      </div>
    </div>
  );
}

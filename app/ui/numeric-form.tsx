'use client';
import { useState } from 'react';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import type { AnswerField } from '@/lib/exercises/numeric/types';
import type { GradeResult } from '@/lib/grading/results';
import { usePostJson } from './use-post-json';
import { ResultView } from './result-view';
import { SessionExpired } from './session-expired';

type Raw = Record<string, string | string[][]>;

export function NumericForm({ exerciseId, fields }: { exerciseId: string; fields: AnswerField[] }) {
  const [raw, setRaw] = useState<Raw>(() =>
    Object.fromEntries(fields.map((f) => [f.name, f.type === 'matrix' ? Array.from({ length: f.rows }, () => Array(f.cols).fill('')) : ''])),
  );
  const t = useTranslations('numericForm');
  const postJson = usePostJson();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [result, setResult] = useState<GradeResult | null>(null);
  const [busy, setBusy] = useState(false);
  const [expired, setExpired] = useState<string | null>(null);
  const router = useRouter();

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setBusy(true);
    setMessage(null);
    setErrors({});
    setExpired(null);
    const posted = await postJson(`/api/exercises/${exerciseId}/submissions`, { answer: raw });
    if (!posted.ok) {
      // The typed answers stay in the form; the previous score goes, since it is not about these answers.
      setResult(null);
      if (posted.sessionExpired) setExpired(t('expiredBefore'));
      else setMessage(posted.data.error);
      setErrors(posted.data.fieldErrors ?? {});
      setBusy(false);
      return;
    }
    const res = await fetch(`/api/submissions/${posted.data.submissionId}`).catch(() => null);
    if (res?.status === 401) setExpired(t('expiredAfter'));
    else if (res?.ok) setResult((await res.json()).result);
    else setMessage(t('resultNotLoaded'));
    setBusy(false);
    router.refresh(); // history, attempts left, the checklist

  }

  return (
    <form onSubmit={submit}>
      {fields.map((f) => (
        <div key={f.name}>
          <label htmlFor={`f-${f.name}`}>{f.label}{'unit' in f && f.unit ? ` (${f.unit})` : ''}</label>
          {f.type === 'matrix' ? (
            <div role="group" aria-label={f.label}>
              {(raw[f.name] as string[][]).map((row, r) => (
                <div key={r}>
                  {row.map((cell, c) => (
                    <input
                      key={c}
                      className="cell"
                      type="text"
                      inputMode="decimal"
                      aria-label={t('cell', { label: f.label, row: r + 1, column: c + 1 })}
                      value={cell}
                      onChange={(e) => {
                        const next = (raw[f.name] as string[][]).map((x) => [...x]);
                        next[r]![c] = e.target.value;
                        setRaw({ ...raw, [f.name]: next });
                      }}
                    />
                  ))}
                </div>
              ))}
            </div>
          ) : (
            <input id={`f-${f.name}`} name={f.name} type="text" inputMode="decimal" value={raw[f.name] as string} onChange={(e) => setRaw({ ...raw, [f.name]: e.target.value })} />
          )}
          {errors[f.name] && <div className="field-error">{errors[f.name]}</div>}
        </div>
      ))}
      {expired && <SessionExpired detail={expired} />}
      {message && <p className="error" role="alert">{message}</p>}
      <p><button type="submit" disabled={busy}>{busy ? t('checking') : t('check')}</button></p>
      {result && <ResultView result={result} />}
    </form>
  );
}

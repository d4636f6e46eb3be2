'use client';
import { useEffect, useRef, useState } from 'react';
import type { SubmissionView } from '@/lib/submissions/view';
import { courseTime } from '@/lib/course/time-display';
import { useFormatter, useTranslations } from 'next-intl';
import { ResultView } from './result-view';
import { SessionExpired } from './session-expired';
import { TrainingChart, type EpochPoint } from './training-chart';

// Polls the submission while a worker has it; stops once it is graded or failed.
// `onSettled` lets the page around it refresh its own data (history, attempts,
// checklist) once the result is in.
export function SubmissionLive({ initial, linkLines, onSettled }: { initial: SubmissionView; linkLines?: boolean; onSettled?: (view: SubmissionView) => void }) {
  const tr = useTranslations('result');
  const t = useTranslations('live');
  const tSession = useTranslations('session');
  const tStatus = useTranslations('status');
  const fmt = useFormatter();
  const [view, setView] = useState(initial);
  const [expired, setExpired] = useState(false);
  // A new submission shown in the same place replaces the old one entirely.
  useEffect(() => setView(initial), [initial]);
  // Polling on after a 401 would only fail silently forever; stop and say why.
  const live = view.status === 'queued' || view.status === 'running';
  const polling = live && !expired;
  const settled = useRef(onSettled);
  settled.current = onSettled;
  useEffect(() => {
    if (!polling) return;
    const timer = setInterval(async () => {
      const res = await fetch(`/api/submissions/${view.id}`, { cache: 'no-store' }).catch(() => null);
      if (res?.status === 401) setExpired(true);
      else if (res?.ok) {
        const next = (await res.json()) as SubmissionView;
        setView(next);
        if (next.status !== 'queued' && next.status !== 'running') settled.current?.(next);
      }
    }, 1000);
    return () => clearInterval(timer);
  }, [polling, view.id]);

  const p = view.progress;
  const history = (view.result?.extra_data?.history as EpochPoint[] | undefined) ?? p?.history ?? null;
  return (
    <div data-testid="submission-live">
      <p>
        {t('status')} <span className={`badge ${view.status}`} data-testid="status">{tStatus(view.status as 'queued' | 'running' | 'graded' | 'failed')}</span>
        {view.language && <> · {view.language}</>} · {t('submitted')} <time dateTime={view.createdAt}>{courseTime(view.createdAt, view.timeZone)}</time>
        {view.latePenalty > 0 && <> · {t('latePenalty', { percent: fmt.number(view.latePenalty, { style: 'percent', maximumFractionDigits: 0 }) })}</>}
      </p>
      {view.message && <p className="notice">{view.message}</p>}
      {expired && <SessionExpired detail={tSession('stillGrading')} />}
      {live && p && (
        <div>
          <p className="muted">{p.message ?? p.phase}{p.epoch != null && p.epochs ? ` — ${t('epochOf', { epoch: p.epoch, epochs: p.epochs })}` : ''}</p>
          {p.batch != null && p.batches ? (
            <div className="progress" role="progressbar" aria-label={t('batchProgress')} aria-valuenow={Math.round((100 * p.batch) / p.batches)}><div style={{ width: `${Math.round((100 * p.batch) / p.batches)}%` }} /></div>
          ) : null}
        </div>
      )}
      {live && !p && <p className="muted">{tr('waiting')}</p>}
      {Array.isArray(history) && history.length > 0 && <TrainingChart history={history} />}
      {view.result && (
        <ResultView
          result={view.result}
          context={{ mode: view.mode, exercisePoints: view.exercisePoints, hiddenUntil: view.hiddenUntil, timeZone: view.timeZone, linkLines }}
        />
      )}
      {view.leaderboard && view.status === 'graded' && view.result?.gradable && <ChooseButton id={view.id} chosen={view.chosen} />}
      {view.history.length > 1 && (
        <details>
          <summary>{t('history', { runs: view.history.length })}</summary>
          <ul>{view.history.map((h) => <li key={h.runKey}>{t('run', { run: h.runKey, score: fmt.number(h.score), max: fmt.number(h.maxScore), time: courseTime(h.createdAt, view.timeZone) })}{h.current ? ` ${t('current')}` : ''}</li>)}</ul>
        </details>
      )}
    </div>
  );
}

function ChooseButton({ id, chosen }: { id: string; chosen: boolean }) {
  const tr = useTranslations('result');
  const [state, setState] = useState<'idle' | 'chosen' | string>(chosen ? 'chosen' : 'idle');
  if (state === 'chosen') return <p className="ok">{tr('chosen')}</p>;
  return (
    <p>
      <button
        className="secondary"
        onClick={async () => {
          const res = await fetch(`/api/submissions/${id}/choose`, { method: 'POST' });
          setState(res.ok ? 'chosen' : ((await res.json().catch(() => ({}))).error ?? tr('chooseFailed')));
        }}
      >
        {tr('choose')}
      </button>
      {state !== 'idle' && <span className="field-error"> {state}</span>}
      <span className="muted"> {tr('otherwiseBest')}</span>
    </p>
  );
}

'use client';
import { useEffect, useRef, useState } from 'react';
import type { SubmissionView } from '@/lib/submissions/view';
import { courseTime } from '@/lib/course/time-display';
import { useTranslations } from 'next-intl';
import { ResultView } from './result-view';
import { SessionExpired } from './session-expired';
import { TrainingChart, type EpochPoint } from './training-chart';

// Polls the submission while a worker has it; stops once it is graded or failed.
// `onSettled` lets the page around it refresh its own data (history, attempts,
// checklist) once the result is in.
export function SubmissionLive({ initial, linkLines, onSettled }: { initial: SubmissionView; linkLines?: boolean; onSettled?: (view: SubmissionView) => void }) {
  const tr = useTranslations('result');
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
        Status: <span className={`badge ${view.status}`} data-testid="status">{view.status}</span>
        {view.language && <> · {view.language}</>} · submitted <time dateTime={view.createdAt}>{courseTime(view.createdAt, view.timeZone)}</time>
        {view.latePenalty > 0 && <> · late penalty {Math.round(view.latePenalty * 100)}%</>}
      </p>
      {view.message && <p className="notice">{view.message}</p>}
      {expired && <SessionExpired detail="Your submission is saved and is still being graded." />}
      {live && p && (
        <div>
          <p className="muted">{p.message ?? p.phase}{p.epoch != null && p.epochs ? ` — epoch ${p.epoch} of ${p.epochs}` : ''}</p>
          {p.batch != null && p.batches ? (
            <div className="progress" role="progressbar" aria-label="batch progress" aria-valuenow={Math.round((100 * p.batch) / p.batches)}><div style={{ width: `${Math.round((100 * p.batch) / p.batches)}%` }} /></div>
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
      {view.kind === 'model' && view.status === 'graded' && view.result?.gradable && <ChooseButton id={view.id} chosen={view.chosen} />}
      {view.history.length > 1 && (
        <details>
          <summary>Grading history ({view.history.length} runs)</summary>
          <ul>{view.history.map((h) => <li key={h.runKey}>{h.runKey}: {h.score} / {h.maxScore} at {courseTime(h.createdAt, view.timeZone)}{h.current ? ' (current)' : ''}</li>)}</ul>
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

'use client';
import { useEffect, useState } from 'react';
import type { SubmissionView } from '@/lib/submissions/view';
import { ResultView } from './result-view';
import { SessionExpired } from './session-expired';
import { TrainingChart } from './training-chart';

// Polls the submission while a worker has it; stops once it is graded or failed.
export function SubmissionLive({ initial }: { initial: SubmissionView }) {
  const [view, setView] = useState(initial);
  const [expired, setExpired] = useState(false);
  // Polling on after a 401 would only fail silently forever; stop and say why.
  const live = view.status === 'queued' || view.status === 'running';
  const polling = live && !expired;
  useEffect(() => {
    if (!polling) return;
    const timer = setInterval(async () => {
      const res = await fetch(`/api/submissions/${view.id}`, { cache: 'no-store' }).catch(() => null);
      if (res?.status === 401) setExpired(true);
      else if (res?.ok) setView(await res.json());
    }, 1000);
    return () => clearInterval(timer);
  }, [polling, view.id]);

  const p = view.progress;
  const history = (view.result?.extra_data?.history as { epoch: number; loss: number | null; accuracy: number | null }[] | undefined) ?? p?.history ?? null;
  return (
    <div className="card">
      <p>
        Status: <span className={`badge ${view.status}`} data-testid="status">{view.status}</span>
        {view.language && <> · {view.language}</>} · submitted {view.createdAt.replace('T', ' ').slice(0, 19)} UTC
        {view.latePenalty > 0 && <> · late penalty {Math.round(view.latePenalty * 100)}%</>}
      </p>
      {view.message && <p className="notice">{view.message}</p>}
      {expired && <SessionExpired detail="Your submission is saved and is still being graded." />}
      {live && p && (
        <div>
          <p className="muted">{p.message ?? p.phase}{p.epoch != null && p.epochs ? ` — epoch ${p.epoch} of ${p.epochs}` : ''}</p>
          {p.batch != null && p.batches ? (
            <div className="progress" aria-label="batch progress"><div style={{ width: `${Math.round((100 * p.batch) / p.batches)}%` }} /></div>
          ) : null}
        </div>
      )}
      {Array.isArray(history) && history.length > 0 && <TrainingChart history={history} />}
      {view.result && <ResultView result={view.result} />}
      {view.kind === 'model' && view.status === 'graded' && view.result?.gradable && <ChooseButton id={view.id} chosen={view.chosen} />}
      {view.history.length > 1 && (
        <details>
          <summary>Grading history ({view.history.length} runs)</summary>
          <ul>{view.history.map((h) => <li key={h.runKey}>{h.runKey}: {h.score} / {h.maxScore} at {h.createdAt}{h.current ? ' (current)' : ''}</li>)}</ul>
        </details>
      )}
    </div>
  );
}

function ChooseButton({ id, chosen }: { id: string; chosen: boolean }) {
  const [state, setState] = useState<'idle' | 'chosen' | string>(chosen ? 'chosen' : 'idle');
  if (state === 'chosen') return <p className="ok">This submission counts on the leaderboard.</p>;
  return (
    <p>
      <button
        className="secondary"
        onClick={async () => {
          const res = await fetch(`/api/submissions/${id}/choose`, { method: 'POST' });
          setState(res.ok ? 'chosen' : ((await res.json().catch(() => ({}))).error ?? 'Could not choose it.'));
        }}
      >
        Count this one on the leaderboard
      </button>
      {state !== 'idle' && <span className="field-error"> {state}</span>}
      <span className="muted"> (otherwise your best public accuracy counts)</span>
    </p>
  );
}

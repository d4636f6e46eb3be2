import Link from 'next/link';
import type { SubmittedWork, CodeDiff } from '@/lib/submissions/submitted-work';
import { Markdown } from './markdown';
import { CodeViewer } from './code-viewer';
import { CourseTime } from './course-time';
import { useTranslations } from 'next-intl';
import { formatText } from '@/lib/i18n/message';

/** What was submitted: code with a diff to the attempt before, numeric answers beside their questions, or the model. */
export function SubmittedWorkView({ work, timeZone }: { work: SubmittedWork; timeZone: string }) {
  const t = useTranslations('work');
  const all = useTranslations();
  // The kind of work picks the view to render (a rendering switch, kept here); each kind's
  // module in lib/exercises/kinds/ builds the SubmittedWork this receives.
  if (work.kind === 'code') {
    return (
      <div className="card">
        <h2>{t('code')} <span className="badge">{work.language}</span></h2>
        <CodeViewer source={work.source} language={work.language} />
        {work.diff ? <DiffView diff={work.diff} timeZone={timeZone} /> : <p className="muted">{t('firstAttempt')}</p>}
      </div>
    );
  }
  if (work.kind === 'numeric') {
    return (
      <div className="card" data-testid="submitted-answers">
        <h2>{t('answers')}</h2>
        {work.prompt && (
          <details>
            <summary>{t('question')}</summary>
            <Markdown>{work.prompt}</Markdown>
          </details>
        )}
        <table>
          <thead><tr><th>{t('asked')}</th><th>{t('answered')}</th></tr></thead>
          <tbody>
            {work.answers.map((a) => (
              <tr key={a.name}>
                <td>{a.label}{a.unit ? ` (${a.unit})` : ''}</td>
                <td><code style={{ whiteSpace: 'pre' }}>{a.value || t('empty')}</code></td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    );
  }
  if (work.kind === 'model') {
    // A server component, so formatText directly rather than the client hook app/ui/use-text.ts.
    const problems = (work.summaryError ?? []).map((p) => formatText(p, (key, values) => all(key as Parameters<typeof all>[0], values))).join('\n');
    return (
      <div className="card" data-testid="submitted-model">
        <h2>{t('model')} <span className="badge">{work.format}</span></h2>
        {work.summary ? <pre data-testid="model-summary">{work.summary}</pre> : <pre className="error">{problems}</pre>}
        {work.settings && (
          <p className="muted">
            {t('training')} {Object.entries(work.settings).map(([k, v]) => `${k} ${String(v)}`).join(' · ')}
          </p>
        )}
      </div>
    );
  }
  return null;
}

function DiffView({ diff, timeZone }: { diff: CodeDiff; timeZone: string }) {
  const t = useTranslations('work');
  return (
    <details className="diff" data-testid="diff" open={diff.hunks.length > 0 && diff.added + diff.removed <= 60}>
      <summary>
        {t('changesSince')} {t('previousAttempt')} (<CourseTime at={diff.previousAt} timeZone={timeZone} />):{' '}
        {diff.hunks.length === 0 ? t('sameCode') : <><span className="ok">+{diff.added}</span> <span className="bad">−{diff.removed}</span> {t('lines')}</>}
      </summary>
      {/* Outside the summary: a link inside a <summary> is a control nested in a control. */}
      <p><Link href={`/submissions/${diff.previousId}`}>{t('openPrevious')}</Link></p>
      {diff.hunks.map((h, i) => (
        <pre key={i} style={{ padding: 0, whiteSpace: 'pre' }} aria-label={h.header} tabIndex={0}>
          <div className="muted" style={{ padding: '0 .6rem' }}>{h.header}</div>
          {h.lines.map((l, j) => (
            <div
              key={j}
              data-kind={l.kind}
              style={{ padding: '0 .6rem', background: l.kind === 'add' ? 'rgba(18,128,92,.14)' : l.kind === 'del' ? 'rgba(192,54,44,.14)' : undefined }}
            >
              {l.kind === 'add' ? '+ ' : l.kind === 'del' ? '− ' : '  '}
              {l.text}
            </div>
          ))}
        </pre>
      ))}
    </details>
  );
}

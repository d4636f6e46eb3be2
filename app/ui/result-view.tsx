'use client';
import type { GradeResult } from '@/lib/grading/results';
import { splitLineRefs } from '@/lib/submissions/line-refs';
import { courseTime } from '@/lib/course/time-display';
import { useTranslations } from 'next-intl';
import { gotoLine } from './goto-line';

export interface ResultContext {
  /** 'visible': only the visible tests ran, scored out of their own points */
  mode?: string;
  /** the exercise's full points */
  exercisePoints?: number;
  /** when after-deadline tests open (ISO), shown on hidden tests; null = they stay hidden */
  hiddenUntil?: string | null;
  timeZone?: string;
  /** the submitted code is on this page: "line 12" in a traceback jumps to it */
  linkLines?: boolean;
}

type ShownTest = GradeResult['tests'][number] & { output_hidden?: boolean };

type Tr = ReturnType<typeof useTranslations<'result'>>;

export function ResultView({ result, context = {} }: { result: GradeResult; context?: ResultContext }) {
  const tr = useTranslations('result');
  const visibleRun = context.mode === 'visible';
  const errors = result.format_errors.join('\n').trim();
  // An ungradable result usually repeats its format errors as output: print them once.
  const output = result.output.trim() && result.output.trim() !== errors ? result.output : '';
  // Only an instructor's copy of the result carries it (lib/submissions/view.ts keeps it from students).
  const raw = typeof result.extra_data?.instructorOutput === 'string' ? result.extra_data.instructorOutput : '';
  return (
    <div className="result" data-testid="result">
      <h2>
        {visibleRun ? tr('visibleTests') : tr('score')}{' '}
        <span data-testid="score">{result.score}</span> / {result.max_score}
        {visibleRun && context.exercisePoints != null && <span className="muted" style={{ fontWeight: 400 }}> {tr('practice', { points: context.exercisePoints })}</span>}
      </h2>
      {!result.gradable && <p className="notice" data-testid="not-counted">{tr('notCounted')}</p>}
      {errors && <pre className="error"><Linked text={errors} link={context.linkLines} /></pre>}
      {output && <pre><Linked text={output} link={context.linkLines} /></pre>}
      {result.tests.length > 0 && (
        // A wide table scrolls in its own region, which the keyboard can reach and scroll.
        <div className="table-scroll" tabIndex={0} role="region" aria-label={tr('testsTable')}>
        <table>
          <thead><tr><th>{tr('test')}</th><th>{tr('result')}</th><th>{tr('points')}</th><th>{tr('feedback')}</th></tr></thead>
          <tbody>
            {(result.tests as ShownTest[]).map((t, i) => (
              <tr key={i}>
                <td>{t.name}</td>
                <td><span className={`badge ${t.status}`}>{t.status}</span></td>
                <td>{t.score} / {t.max_score}</td>
                <td>
                  {t.output_hidden ? (
                    <span className="muted" data-testid="hidden-output">{hiddenText(t.visibility, context, tr)}</span>
                  ) : t.output ? (
                    <pre style={{ margin: 0 }}><Linked text={t.output} link={context.linkLines} /></pre>
                  ) : (
                    <span className="muted">{t.status === 'passed' ? tr('correct') : tr('noOutput')}</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        </div>
      )}
      {raw && (
        <details data-testid="instructor-output">
          <summary>{tr('instructorOutput')}</summary>
          <pre>{raw}</pre>
        </details>
      )}
    </div>
  );
}

function hiddenText(visibility: string, c: ResultContext, tr: Tr): string {
  if (visibility === 'after_due_date' && c.hiddenUntil) return tr('hiddenUntil', { time: courseTime(c.hiddenUntil, c.timeZone ?? 'UTC') });
  if (visibility === 'after_published') return tr('hiddenUntilPublished');
  return tr('hidden');
}

function Linked({ text, link }: { text: string; link?: boolean }) {
  if (!link) return <>{text}</>;
  return (
    <>
      {splitLineRefs(text).map((p, i) =>
        p.line ? (
          <a key={i} href={`#L${p.line}`} data-line={p.line} onClick={(e) => { e.preventDefault(); gotoLine(p.line!); }}>
            {p.text}
          </a>
        ) : (
          <span key={i}>{p.text}</span>
        ),
      )}
    </>
  );
}

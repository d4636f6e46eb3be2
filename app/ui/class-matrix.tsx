'use client';
import { useDeferredValue, useMemo, useState } from 'react';
import Link from 'next/link';
import type { ClassProgress, MatrixSummary } from '@/lib/instructor/class-progress';
import styles from './class-matrix.module.css';

type SortKey = 'name' | 'total' | `ex:${string}` | `wk:${number}`;

/** Red (0 %) through amber to green (100 %), translucent so it reads in light and dark themes. */
export function scoreColour(fraction: number): string {
  const f = Math.min(1, Math.max(0, fraction));
  return `hsl(${Math.round(f * 120)} 70% 45% / 0.28)`;
}

const pct = (f: number) => `${Math.round(f * 100)}%`;

/** Students × exercises with sticky header and names, sorting by any column, a name filter and a colour scale. */
export function ClassMatrix({ progress, summary }: { progress: ClassProgress; summary: MatrixSummary }) {
  const [sort, setSort] = useState<{ key: SortKey; desc: boolean }>({ key: 'name', desc: false });
  const [filter, setFilter] = useState('');
  const query = useDeferredValue(filter.trim().toLowerCase());

  const rows = useMemo(() => {
    const shown = query ? progress.rows.filter((r) => r.user.name.toLowerCase().includes(query) || r.user.email.toLowerCase().includes(query)) : progress.rows;
    const value = (r: (typeof progress.rows)[number]): number | string => {
      if (sort.key === 'name') return r.user.name.toLowerCase();
      if (sort.key === 'total') return summary.totals[r.user.id]?.score ?? 0;
      if (sort.key.startsWith('wk:')) return r.checklist.find((w) => `wk:${w.week}` === sort.key)?.done ?? 0;
      return r.cells[sort.key.slice(3)]?.best ?? -1; // not attempted sorts below a 0
    };
    const dir = sort.desc ? -1 : 1;
    return [...shown].sort((a, b) => {
      const va = value(a);
      const vb = value(b);
      const c = typeof va === 'string' ? va.localeCompare(vb as string) : va - (vb as number);
      return c * dir || a.user.name.localeCompare(b.user.name);
    });
  }, [progress.rows, summary, sort, query]);

  const header = (key: SortKey, label: React.ReactNode, title: string, className?: string) => {
    const active = sort.key === key;
    return (
      <th className={className} title={title} aria-sort={active ? (sort.desc ? 'descending' : 'ascending') : 'none'} scope="col">
        <button type="button" className={styles.sort} onClick={() => setSort({ key, desc: active ? !sort.desc : key !== 'name' })}>
          {label}{active ? (sort.desc ? ' ▼' : ' ▲') : ''}
        </button>
      </th>
    );
  };

  return (
    <div>
      <p style={{ display: 'flex', gap: '1rem', flexWrap: 'wrap', alignItems: 'center' }}>
        <span>
          <label htmlFor="matrix-filter" style={{ display: 'inline', marginRight: '.4rem' }}>Filter students</label>
          <input id="matrix-filter" type="text" value={filter} onChange={(e) => setFilter(e.target.value)} placeholder="name or email" style={{ width: '14rem' }} />
        </span>
        <span className="muted" data-testid="matrix-count">{rows.length} of {progress.rows.length} students</span>
        <span className={styles.legend} aria-hidden="true">
          0% <span className={styles.swatch} style={{ background: scoreColour(0) }} />
          <span className={styles.swatch} style={{ background: scoreColour(0.5) }} />
          <span className={styles.swatch} style={{ background: scoreColour(1) }} /> 100% of the points
        </span>
      </p>
      <div className={styles.scroll} tabIndex={0} aria-label="Class progress matrix, scrollable">
        <table className={styles.table} data-testid="progress-matrix">
          <thead>
            <tr>
              {header('name', 'Student', 'Sort by name', styles.first)}
              {header('total', 'Total', 'Sum of best scores; sort by it')}
              {progress.weeks.map((w) => header(`wk:${w.number}`, `Wk ${w.number} list`, `Checklist week ${w.number}: ${w.title} (${w.items} items)`))}
              {progress.exercises.map((e) => header(`ex:${e.id}`, e.shortTitle, `${e.title} (${e.id}, ${e.points} points)`))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => {
              const t = summary.totals[r.user.id]!;
              return (
                <tr key={r.user.id} data-student={r.user.email}>
                  <th scope="row" className={styles.first} title={r.user.email} style={{ fontWeight: 400 }}>
                    <Link href={`/instructor/students/${r.user.id}`}>{r.user.name}</Link>
                    <div className={styles.small}>{r.user.email}</div>
                  </th>
                  <td className={styles.num} data-cell={`${r.user.email}:total`} style={{ background: scoreColour(t.fraction) }}>
                    {t.score} / {t.max}<div className={styles.small}>{pct(t.fraction)}</div>
                  </td>
                  {r.checklist.map((w) => (
                    <td key={w.week} className={styles.num} data-cell={`${r.user.email}:week-${w.week}`} title={w.missing.length ? `Not done: ${w.missing.join('; ')}` : 'All done'}>
                      {w.done} / {w.total}
                    </td>
                  ))}
                  {progress.exercises.map((e) => {
                    const c = r.cells[e.id];
                    return c ? (
                      <td key={e.id} className={styles.num} data-cell={`${r.user.email}:${e.id}`} style={{ background: scoreColour((c.best ?? 0) / (e.points || 1)) }} title={`${e.title}: ${c.best ?? 0} of ${e.points}`}>
                        {c.best ?? '–'} / {e.points}
                        <div className={styles.small}>
                          {c.attempts} att.{c.late ? `, late${c.maxPenalty > 0 ? ` −${Math.round(c.maxPenalty * 100)}%` : ''}` : ''}{c.extended ? ', ext.' : ''}
                        </div>
                      </td>
                    ) : (
                      <td key={e.id} className={styles.num} data-cell={`${r.user.email}:${e.id}`} title={`${e.title}: not attempted`}><span className="muted">–</span></td>
                    );
                  })}
                </tr>
              );
            })}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row" className={styles.first}>Class average</th>
              <td className={styles.num} data-cell="average:total">
                {avgTotal(summary, progress.rows.map((r) => r.user.id))}
              </td>
              {progress.weeks.map((w) => <td key={w.number} />)}
              {progress.exercises.map((e) => {
                const a = summary.averages[e.id]!;
                return (
                  <td key={e.id} className={styles.num} data-cell={`average:${e.id}`} style={{ background: scoreColour(a.fraction) }} title={`${a.attempted} of ${progress.rows.length} students attempted ${e.title}`}>
                    {a.mean}<div className={styles.small}>{a.attempted} tried</div>
                  </td>
                );
              })}
            </tr>
          </tfoot>
        </table>
      </div>
    </div>
  );
}

function avgTotal(summary: MatrixSummary, ids: string[]): string {
  if (!ids.length) return '–';
  const mean = ids.reduce((s, id) => s + (summary.totals[id]?.score ?? 0), 0) / ids.length;
  return String(Math.round(mean * 100) / 100);
}

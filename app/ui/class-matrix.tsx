'use client';
import { useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import type { MatrixData } from '@/lib/instructor/class-progress';
import styles from './class-matrix.module.css';

type SortKey = 'name' | 'total' | `ex:${number}` | `wk:${number}`;

/** Red (0 %) through amber to green (100 %), translucent so it reads in light and dark themes. */
export function scoreColour(fraction: number): string {
  const f = Math.min(1, Math.max(0, fraction));
  return `hsl(${Math.round(f * 120)} 70% 45% / 0.28)`;
}

const pct = (f: number) => `${Math.round(f * 100)}%`;
/** Every body row has this height, so only the rows in view need to exist (a class is hundreds of rows). */
const ROW_PX = 44;
const OVERSCAN = 12;

/**
 * Students × exercises: sticky header and names, sorting by any column, a name
 * filter and a colour scale. Only the rows in view are in the page (with spacer
 * rows keeping the scroll height), so 200 students × 20 exercises stay quick.
 */
export function ClassMatrix({ data }: { data: MatrixData }) {
  const [sort, setSort] = useState<{ key: SortKey; desc: boolean }>({ key: 'name', desc: false });
  const t = useTranslations('matrix');
  const [filter, setFilter] = useState('');
  const query = useDeferredValue(filter.trim().toLowerCase());
  const box = useRef<HTMLDivElement>(null);
  const [view, setView] = useState({ top: 0, height: 700 });

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const measure = () => setView({ top: el.scrollTop, height: el.clientHeight || 700 });
    measure();
    el.addEventListener('scroll', measure, { passive: true });
    window.addEventListener('resize', measure);
    return () => {
      el.removeEventListener('scroll', measure);
      window.removeEventListener('resize', measure);
    };
  }, []);

  const order = useMemo(() => {
    const idx = data.students.map((_, i) => i).filter((i) => !query || data.students[i]!.name.toLowerCase().includes(query) || data.students[i]!.email.toLowerCase().includes(query));
    const value = (i: number): number | string => {
      const s = data.students[i]!;
      if (sort.key === 'name') return s.name.toLowerCase();
      if (sort.key === 'total') return s.total;
      if (sort.key.startsWith('wk:')) return s.checklist[Number(sort.key.slice(3))] ?? 0;
      return data.cells[i]![Number(sort.key.slice(3))]?.[0] ?? -1; // not attempted sorts below a 0
    };
    const dir = sort.desc ? -1 : 1;
    return idx.sort((a, b) => {
      const va = value(a);
      const vb = value(b);
      const c = typeof va === 'string' ? va.localeCompare(vb as string) : va - (vb as number);
      return c * dir || data.students[a]!.name.localeCompare(data.students[b]!.name);
    });
  }, [data, sort, query]);

  const first = Math.max(0, Math.floor(view.top / ROW_PX) - OVERSCAN);
  const last = Math.min(order.length, Math.ceil((view.top + view.height) / ROW_PX) + OVERSCAN);
  const shown = order.slice(first, last);
  const columns = 2 + data.weeks.length + data.exercises.length;

  const header = (key: SortKey, label: React.ReactNode, title: string, className?: string) => {
    const active = sort.key === key;
    return (
      <th key={key} className={className} title={title} aria-sort={active ? (sort.desc ? 'descending' : 'ascending') : 'none'} scope="col">
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
          <label htmlFor="matrix-filter" style={{ display: 'inline', marginRight: '.4rem' }}>{t('filter')}</label>
          <input id="matrix-filter" type="text" value={filter} onChange={(e) => setFilter(e.target.value)} placeholder={t('filterPlaceholder')} style={{ width: '14rem' }} />
        </span>
        <span className="muted" data-testid="matrix-count">{t('count', { shown: order.length, total: data.students.length })}</span>
        <span className={styles.legend} aria-hidden="true">
          {t('legendLow')} <span className={styles.swatch} style={{ background: scoreColour(0) }} />
          <span className={styles.swatch} style={{ background: scoreColour(0.5) }} />
          <span className={styles.swatch} style={{ background: scoreColour(1) }} /> {t('legendHigh')}
        </span>
      </p>
      <div className={styles.scroll} ref={box} tabIndex={0} aria-label={t('scrollable')}>
        <table className={styles.table} data-testid="progress-matrix" aria-rowcount={order.length + 2}>
          <thead>
            <tr>
              {header('name', t('student'), t('sortName'), styles.first)}
              {header('total', t('total'), t('sortTotal'))}
              {data.weeks.map((w, i) => header(`wk:${i}`, t('week', { number: w.number }), t('weekTitle', { number: w.number, title: w.title, items: w.items.length })))}
              {data.exercises.map((e, i) => header(`ex:${i}`, e.short, t('exerciseTitle', { title: e.title, id: e.id, points: e.points })))}
            </tr>
          </thead>
          <tbody>
            {first > 0 && <tr aria-hidden="true" style={{ height: first * ROW_PX }}><td colSpan={columns} className={styles.spacer} /></tr>}
            {shown.map((i) => {
              const s = data.students[i]!;
              return (
                <tr key={s.id} data-student={s.email} className={styles.row}>
                  <th scope="row" className={styles.first} style={{ fontWeight: 400 }}>
                    <Link href={`/instructor/students/${s.id}`}>{s.name}</Link>
                    <div className={styles.small}>{s.email}</div>
                  </th>
                  <td className={styles.num} data-cell={`${s.email}:total`} style={{ background: scoreColour(s.fraction) }}>
                    {s.total} / {data.maxTotal}<div className={styles.small}>{pct(s.fraction)}</div>
                  </td>
                  {data.weeks.map((w, k) => (
                    <td
                      key={w.number}
                      className={styles.num}
                      data-cell={`${s.email}:week-${w.number}`}
                      title={s.missing[k]!.length ? t('notDone', { items: s.missing[k]!.map((m) => w.items[m]).join('; ') }) : t('allDone')}
                    >
                      {s.checklist[k]} / {w.items.length}
                    </td>
                  ))}
                  {data.exercises.map((e, k) => {
                    const c = data.cells[i]![k];
                    if (!c) return <td key={e.id} className={styles.num} data-cell={`${s.email}:${e.id}`}><span className="muted">–</span></td>;
                    const [best, attempts, late, penalty, ext] = c;
                    return (
                      <td key={e.id} className={styles.num} data-cell={`${s.email}:${e.id}`} style={{ background: scoreColour(best / (e.points || 1)) }}>
                        {best} / {e.points}
                        <div className={styles.small}>{t('attempts', { attempts })}{late ? `${t('late')}${penalty > 0 ? t('penalty', { percent: penalty }) : ''}` : ''}{ext ? t('extension') : ''}</div>
                      </td>
                    );
                  })}
                </tr>
              );
            })}
            {last < order.length && <tr aria-hidden="true" style={{ height: (order.length - last) * ROW_PX }}><td colSpan={columns} className={styles.spacer} /></tr>}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row" className={styles.first}>{t('average')}</th>
              <td className={styles.num} data-cell="average:total">{avgTotal(data, order)}</td>
              {data.weeks.map((w) => <td key={w.number} />)}
              {data.exercises.map((e, k) => {
                const a = data.averages[k]!;
                return (
                  <td key={e.id} className={styles.num} data-cell={`average:${e.id}`} style={{ background: scoreColour(a.fraction) }} title={t('attemptedTitle', { attempted: a.attempted, total: data.students.length, title: e.title })}>
                    {a.mean}<div className={styles.small}>{t('tried', { attempted: a.attempted })}</div>
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

/** Mean total of the students shown (the filter narrows it). */
function avgTotal(data: MatrixData, order: number[]): string {
  if (!order.length) return '–';
  return String(Math.round((order.reduce((s, i) => s + data.students[i]!.total, 0) / order.length) * 100) / 100);
}

import Link from 'next/link';
import { db } from '@/lib/db';
import { classProgress } from '@/lib/instructor/class-progress';
import { pageInstructor } from '../ui/require-user';
import { instructorTitle } from './page-title';
import { getTranslations } from 'next-intl/server';

export const dynamic = 'force-dynamic';

export function generateMetadata() {
  return instructorTitle('instructor');
}

export default async function InstructorHome() {
  await pageInstructor('/instructor');
  const t = await getTranslations('instructorPages');
  const p = await classProgress({ db: db() });
  return (
    <>
      <h1>{t('progress')}</h1>
      <p className="muted">Best graded score after late penalty (a submission being regraded keeps its last score); “late” marks an attempt after the student's deadline, with the largest penalty among them; “ext.” marks an extension. Checklist columns count ticked items per week; hover a cell for what is missing. <Link href="/instructor/export">Export grades</Link></p>
      <div className="card" style={{ overflowX: 'auto' }}>
        <table data-testid="progress-matrix">
          <thead>
            <tr>
              <th>Student</th>
              {p.weeks.map((w) => <th key={w.number} title={w.title}>Checklist wk {w.number}</th>)}
              {p.exercises.map((e) => <th key={e.id} title={e.title}><Link href={`/instructor/exercises/${e.id}`}>{e.id}</Link></th>)}
            </tr>
          </thead>
          <tbody>
            {p.rows.map((r) => (
              <tr key={r.user.id}>
                <td><Link href={`/instructor/students/${r.user.id}`}>{r.user.name}</Link><div className="muted">{r.user.email}</div></td>
                {r.checklist.map((w) => (
                  <td key={w.week} data-cell={`${r.user.email}:week-${w.week}`} title={w.missing.length ? `Not done: ${w.missing.join('; ')}` : 'All done'}>
                    {w.done} / {w.total}
                  </td>
                ))}
                {p.exercises.map((e) => {
                  const c = r.cells[e.id];
                  return (
                    <td key={e.id} data-cell={`${r.user.email}:${e.id}`}>
                      {c ? (
                        <>
                          {c.best ?? '–'} / {e.points}
                          <div className="muted">
                            {c.attempts} att.{c.late ? `, late${c.maxPenalty > 0 ? ` −${Math.round(c.maxPenalty * 100)}%` : ''}` : ''}{c.extended ? ', ext.' : ''}
                          </div>
                        </>
                      ) : (
                        <span className="muted">–</span>
                      )}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

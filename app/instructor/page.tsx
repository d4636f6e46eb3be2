import Link from 'next/link';
import { db } from '@/lib/db';
import { classProgress } from '@/lib/instructor/class-progress';
import { pageInstructor } from '../ui/require-user';

export const dynamic = 'force-dynamic';

export default async function InstructorHome() {
  await pageInstructor('/instructor');
  const p = await classProgress({ db: db() });
  return (
    <>
      <h1>Class progress</h1>
      <p className="muted">Best graded score after late penalty; “late −N%” is the largest penalty among graded attempts; “ext.” marks an extension. <Link href="/instructor/export">Export grades</Link></p>
      <div className="card" style={{ overflowX: 'auto' }}>
        <table data-testid="progress-matrix">
          <thead>
            <tr>
              <th>Student</th>
              <th>Checklist</th>
              {p.exercises.map((e) => <th key={e.id} title={e.title}><Link href={`/instructor/exercises/${e.id}`}>{e.id}</Link></th>)}
            </tr>
          </thead>
          <tbody>
            {p.rows.map((r) => (
              <tr key={r.user.id}>
                <td><Link href={`/instructor/students/${r.user.id}`}>{r.user.name}</Link><div className="muted">{r.user.email}</div></td>
                <td>{r.checklistDone} / {p.checklistTotal}</td>
                {p.exercises.map((e) => {
                  const c = r.cells[e.id];
                  return (
                    <td key={e.id} data-cell={`${r.user.email}:${e.id}`}>
                      {c ? (
                        <>
                          {c.best ?? '–'} / {e.points}
                          <div className="muted">
                            {c.attempts} att.{c.late ? `, late −${Math.round(c.maxPenalty * 100)}%` : ''}{c.extended ? ', ext.' : ''}
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

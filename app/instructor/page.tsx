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
      <div className="card" style={{ overflowX: 'auto' }}>
        <table data-testid="progress-matrix">
          <thead>
            <tr>
              <th>Student</th>
              <th>Checklist</th>
              {p.exercises.map((e) => <th key={e.id} title={e.title}>{e.id}</th>)}
            </tr>
          </thead>
          <tbody>
            {p.rows.map((r) => (
              <tr key={r.user.id}>
                <td>{r.user.name}<div className="muted">{r.user.email}</div></td>
                <td>{r.checklistDone} / {p.checklistTotal}</td>
                {p.exercises.map((e) => {
                  const c = r.cells[e.id];
                  return (
                    <td key={e.id}>
                      {c ? <>{c.best ?? '–'} / {e.points}<div className="muted">{c.attempts} att.{c.late ? ', late' : ''}</div></> : <span className="muted">–</span>}
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

import Link from 'next/link';
import { db } from '@/lib/db';
import { checklistFor } from '@/lib/checklist/tick';
import { pageUser } from './ui/require-user';
import { ChecklistBox } from './ui/checklist-box';

export const dynamic = 'force-dynamic';

export default async function HomePage() {
  const user = await pageUser('/');
  const data = await checklistFor({ db: db(), userId: user.id });
  if (!data) return <div className="card">No course has been loaded yet. Run the start script to seed one.</div>;
  return (
    <>
      <h1>{data.course.title}</h1>
      <p className="muted">Your homework checklist, week by week. Items linked to an exercise tick themselves when you reach full score.</p>
      {data.weeks.map((w) => (
        <section className="card" key={w.id} data-week={w.number}>
          <h2>
            Week {w.number}: {w.title}{' '}
            <span className="badge">{w.doneCount} / {w.items.length} done</span>
          </h2>
          {w.items.length === 0 ? (
            <p className="muted">Nothing to do this week yet.</p>
          ) : (
            <ul className="checklist">
              {w.items.map((i) => (
                <li key={i.id}>
                  <ChecklistBox itemId={i.id} done={i.done} automatic={!!i.exerciseId} label={i.title} />
                  <div>
                    {i.exerciseId ? <Link href={`/exercises/${i.exerciseId}`}>{i.title}</Link> : <span>{i.title}</span>}
                    {i.detail && <div className="muted">{i.detail}</div>}
                    {i.source === 'auto' && <div className="muted">completed automatically</div>}
                  </div>
                </li>
              ))}
            </ul>
          )}
        </section>
      ))}
    </>
  );
}

'use client';
import { useState } from 'react';
import { useRouter } from 'next/navigation';
import type { ChecklistAdmin } from '@/lib/instructor/checklist-admin';
import { postJson } from './post-json';

/** Weeks and checklist items: items made here can be renamed and removed; file items are edited in content/course.yaml. */
export function InstructorChecklistEditor({ data, exercises }: { data: ChecklistAdmin; exercises: { id: string; title: string }[] }) {
  const router = useRouter();
  const [message, setMessage] = useState<string | null>(null);
  // Per form: what is missing before it can be sent, shown beside its button.
  const [missing, setMissing] = useState<Record<string, string>>({});
  const need = (form: string, value: string, text: string) => {
    if (value.trim()) {
      setMissing((m) => ({ ...m, [form]: '' }));
      return true;
    }
    setMissing((m) => ({ ...m, [form]: text }));
    return false;
  };
  const missingNote = (form: string) => (missing[form] ? <span className="field-error" role="alert">{missing[form]}</span> : null);
  const [drafts, setDrafts] = useState<Record<string, string>>({});
  const [newWeek, setNewWeek] = useState({ number: String((data.weeks.at(-1)?.number ?? 0) + 1), title: '' });

  async function act(body: Record<string, unknown>) {
    const res = await postJson('/api/instructor/checklist', body);
    setMessage(res.ok ? null : res.data.error);
    if (res.ok) {
      setDrafts({});
      router.refresh();
    }
    return res.ok;
  }
  const draft = (key: string, fallback = '') => drafts[key] ?? fallback;
  const setDraft = (key: string) => (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) => setDrafts({ ...drafts, [key]: e.target.value });

  return (
    <>
      {message && <p className="error" role="alert">{message}</p>}
      {data.weeks.map((w) => (
        <section className="card" key={w.id} data-week={w.number}>
          <h2>Week {w.number}: {w.title} {w.fromFile && <span className="badge">from course.yaml</span>}</h2>
          {!w.fromFile && (
            <form onSubmit={(e) => { e.preventDefault(); if (need(`w-${w.id}`, draft(`w-${w.id}`, w.title), `Week ${w.number} needs a title.`)) void act({ op: 'rename-week', weekId: w.id, title: draft(`w-${w.id}`, w.title) }); }} style={{ display: 'flex', gap: '.5rem', flexWrap: 'wrap', alignItems: 'center' }}>
              <input aria-label={`Week ${w.number} title`} type="text" value={draft(`w-${w.id}`, w.title)} onChange={setDraft(`w-${w.id}`)} />
              <button type="submit" className="secondary">Rename week</button>
              {missingNote(`w-${w.id}`)}
            </form>
          )}
          <ul className="checklist">
            {w.items.map((i) => (
              <li key={i.id}>
                {i.fromFile ? (
                  <span>{i.title} <span className="badge">{i.exerciseId ? 'exercise' : 'from course.yaml'}</span></span>
                ) : (
                  <form onSubmit={(e) => { e.preventDefault(); if (need(`i-${i.id}`, draft(`i-${i.id}`, i.title), 'An item needs a title; to drop it, use Remove.')) void act({ op: 'rename-item', itemId: i.id, title: draft(`i-${i.id}`, i.title) }); }} style={{ display: 'flex', gap: '.5rem', flex: 1, flexWrap: 'wrap', alignItems: 'center' }}>
                    <input aria-label={`Item title: ${i.title}`} type="text" value={draft(`i-${i.id}`, i.title)} onChange={setDraft(`i-${i.id}`)} />
                    <button type="submit" className="secondary">Rename</button>
                    <button type="button" className="secondary" onClick={() => void act({ op: 'remove-item', itemId: i.id })}>Remove</button>
                    {i.exerciseId && <span className="badge">{i.exerciseId}</span>}
                    {missingNote(`i-${i.id}`)}
                  </form>
                )}
              </li>
            ))}
          </ul>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              if (!need(`new-${w.id}`, draft(`new-${w.id}`), `Type the new item's title for week ${w.number} first.`)) return;
              void act({ op: 'add-item', weekId: w.id, title: draft(`new-${w.id}`), detail: draft(`newd-${w.id}`), exerciseId: draft(`newx-${w.id}`) || null });
            }}
            style={{ display: 'flex', gap: '.5rem', flexWrap: 'wrap', marginTop: '.5rem' }}
          >
            <input aria-label={`New item for week ${w.number}`} placeholder="New item" type="text" value={draft(`new-${w.id}`)} onChange={setDraft(`new-${w.id}`)} />
            <input aria-label={`Detail for the new item of week ${w.number}`} placeholder="Detail (optional)" type="text" value={draft(`newd-${w.id}`)} onChange={setDraft(`newd-${w.id}`)} />
            <select aria-label={`Linked exercise for week ${w.number}`} value={draft(`newx-${w.id}`)} onChange={setDraft(`newx-${w.id}`)}>
              <option value="">no exercise (ticked by hand)</option>
              {exercises.map((x) => <option key={x.id} value={x.id}>{x.title}</option>)}
            </select>
            <button type="submit">Add item</button>
            {missingNote(`new-${w.id}`)}
          </form>
        </section>
      ))}
      <section className="card">
        <h2>Add a week</h2>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (!need('new-week', newWeek.number, 'Type the week number first.') || !need('new-week', newWeek.title, 'Type a title for the new week first.')) return;
            void act({ op: 'add-week', number: Number(newWeek.number), title: newWeek.title });
          }}
          style={{ display: 'flex', gap: '.5rem', flexWrap: 'wrap', alignItems: 'center' }}
        >
          <input aria-label="Week number" type="number" value={newWeek.number} onChange={(e) => setNewWeek({ ...newWeek, number: e.target.value })} style={{ width: '6rem' }} />
          <input aria-label="Week title" type="text" value={newWeek.title} onChange={(e) => setNewWeek({ ...newWeek, title: e.target.value })} />
          <button type="submit">Add week</button>
          {missingNote('new-week')}
        </form>
      </section>
    </>
  );
}

'use client';
import { useState } from 'react';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import type { ChecklistAdmin } from '@/lib/instructor/checklist-admin';
import { usePostJson } from './use-post-json';

/** Weeks and checklist items: items made here can be renamed and removed; file items are edited in content/course.yaml. */
export function InstructorChecklistEditor({ data, exercises }: { data: ChecklistAdmin; exercises: { id: string; title: string }[] }) {
  const router = useRouter();
  const t = useTranslations('checklistEditor');
  const postJson = usePostJson();
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
          <h2>{t('week', { number: w.number, title: w.title })} {w.fromFile && <span className="badge">{t('fromFile')}</span>}</h2>
          {!w.fromFile && (
            <form onSubmit={(e) => { e.preventDefault(); if (need(`w-${w.id}`, draft(`w-${w.id}`, w.title), t('weekNeedsTitle', { number: w.number }))) void act({ op: 'rename-week', weekId: w.id, title: draft(`w-${w.id}`, w.title) }); }} style={{ display: 'flex', gap: '.5rem', flexWrap: 'wrap', alignItems: 'center' }}>
              <input aria-label={t('weekTitleOf', { number: w.number })} type="text" value={draft(`w-${w.id}`, w.title)} onChange={setDraft(`w-${w.id}`)} />
              <button type="submit" className="secondary">{t('renameWeek')}</button>
              {missingNote(`w-${w.id}`)}
            </form>
          )}
          <ul className="checklist">
            {w.items.map((i) => (
              <li key={i.id}>
                {i.fromFile ? (
                  <span>{i.title} <span className="badge">{i.exerciseId ? t('exercise') : t('fromFile')}</span></span>
                ) : (
                  <form onSubmit={(e) => { e.preventDefault(); if (need(`i-${i.id}`, draft(`i-${i.id}`, i.title), t('itemNeedsTitle'))) void act({ op: 'rename-item', itemId: i.id, title: draft(`i-${i.id}`, i.title) }); }} style={{ display: 'flex', gap: '.5rem', flex: 1, flexWrap: 'wrap', alignItems: 'center' }}>
                    <input aria-label={t('itemTitle', { title: i.title })} type="text" value={draft(`i-${i.id}`, i.title)} onChange={setDraft(`i-${i.id}`)} />
                    <button type="submit" className="secondary">{t('rename')}</button>
                    <button type="button" className="secondary" onClick={() => void act({ op: 'remove-item', itemId: i.id })}>{t('remove')}</button>
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
              if (!need(`new-${w.id}`, draft(`new-${w.id}`), t('newItemFirst', { number: w.number }))) return;
              void act({ op: 'add-item', weekId: w.id, title: draft(`new-${w.id}`), detail: draft(`newd-${w.id}`), exerciseId: draft(`newx-${w.id}`) || null });
            }}
            style={{ display: 'flex', gap: '.5rem', flexWrap: 'wrap', marginTop: '.5rem' }}
          >
            <input aria-label={t('newItemFor', { number: w.number })} placeholder={t('newItem')} type="text" value={draft(`new-${w.id}`)} onChange={setDraft(`new-${w.id}`)} />
            <input aria-label={t('detailFor', { number: w.number })} placeholder={t('detail')} type="text" value={draft(`newd-${w.id}`)} onChange={setDraft(`newd-${w.id}`)} />
            <select aria-label={t('linkedFor', { number: w.number })} value={draft(`newx-${w.id}`)} onChange={setDraft(`newx-${w.id}`)}>
              <option value="">{t('noExercise')}</option>
              {exercises.map((x) => <option key={x.id} value={x.id}>{x.title}</option>)}
            </select>
            <button type="submit">{t('addItem')}</button>
            {missingNote(`new-${w.id}`)}
          </form>
        </section>
      ))}
      <section className="card">
        <h2>{t('addWeekTitle')}</h2>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (!need('new-week', newWeek.number, t('numberFirst')) || !need('new-week', newWeek.title, t('titleFirst'))) return;
            void act({ op: 'add-week', number: Number(newWeek.number), title: newWeek.title });
          }}
          style={{ display: 'flex', gap: '.5rem', flexWrap: 'wrap', alignItems: 'center' }}
        >
          <input aria-label={t('weekNumber')} type="number" value={newWeek.number} onChange={(e) => setNewWeek({ ...newWeek, number: e.target.value })} style={{ width: '6rem' }} />
          <input aria-label={t('weekTitle')} type="text" value={newWeek.title} onChange={(e) => setNewWeek({ ...newWeek, title: e.target.value })} />
          <button type="submit">{t('addWeek')}</button>
          {missingNote('new-week')}
        </form>
      </section>
    </>
  );
}

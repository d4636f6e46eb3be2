'use client';
import { useState } from 'react';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { usePostJson } from './use-post-json';

/** Per-student deadline extensions of one exercise: list, add (or move), remove. */
export function InstructorExtensions(props: {
  exerciseId: string;
  timeZone: string;
  students: { id: string; name: string; email: string }[];
  extensions: { studentId: string; name: string; deadlineShown: string }[];
}) {
  const router = useRouter();
  const t = useTranslations('extensionsForm');
  const postJson = usePostJson();
  const [studentId, setStudentId] = useState(props.students[0]?.id ?? '');
  const [deadline, setDeadline] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const base = `/api/instructor/exercises/${props.exerciseId}/extensions`;

  async function add(e: React.FormEvent) {
    e.preventDefault();
    if (!studentId) return setMessage(t('noStudents'));
    if (!deadline) return setMessage(t('chooseDeadline'));
    const res = await postJson(base, { studentId, deadline });
    setMessage(res.ok ? null : res.data.error);
    if (res.ok) router.refresh();
  }
  async function remove(id: string) {
    const res = await fetch(`${base}?studentId=${encodeURIComponent(id)}`, { method: 'DELETE' });
    setMessage(res.ok ? null : ((await res.json().catch(() => ({}))).error ?? t('serverAnswered', { status: res.status })));
    if (res.ok) router.refresh();
  }
  return (
    <div data-testid="extensions">
      {props.extensions.length === 0 ? (
        <p className="muted">{t('none')}</p>
      ) : (
        <table>
          <tbody>
            {props.extensions.map((x) => (
              <tr key={x.studentId}>
                <td>{x.name}</td>
                <td>{x.deadlineShown}</td>
                <td><button type="button" className="secondary" onClick={() => remove(x.studentId)}>{t('remove')}</button></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form onSubmit={add} noValidate style={{ display: 'flex', gap: '.5rem', alignItems: 'flex-end', flexWrap: 'wrap' }}>
        <div>
          <label htmlFor="x-student">{t('student')}</label>
          <select id="x-student" value={studentId} onChange={(e) => setStudentId(e.target.value)}>
            {props.students.map((s) => <option key={s.id} value={s.id}>{s.name} ({s.email})</option>)}
          </select>
        </div>
        <div>
          <label htmlFor="x-deadline">{t('newDeadlineIn', { timeZone: props.timeZone })}</label>
          <input id="x-deadline" type="datetime-local" value={deadline} onChange={(e) => setDeadline(e.target.value)} />
        </div>
        <button type="submit">{t('give')}</button>
      </form>
      {message && <p className="error" role="alert">{message}</p>}
    </div>
  );
}

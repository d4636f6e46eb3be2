import Link from 'next/link';
import { db } from '@/lib/db';
import { formatInTimeZone } from '@/lib/course/deadline';
import { exerciseOverview } from '@/lib/queries/instructor-pages';
import { pageInstructor } from '../../ui/require-user';
import { instructorTitle } from '../page-title';
import { getTranslations } from 'next-intl/server';
import { findKind } from '@/lib/exercises/kinds';

export const dynamic = 'force-dynamic';

export function generateMetadata() {
  return instructorTitle('instructorExercises');
}

export default async function InstructorExercises() {
  await pageInstructor('/instructor/exercises');
  const t = await getTranslations('instructorPages');
  const tx = await getTranslations('instructorExercise');
  const tKind = await getTranslations('exercises.kinds');
  const { exercises, submissions: count, timeZone } = await exerciseOverview(db());
  return (
    <>
      <h1>{t('exercises')}</h1>
      <p><Link href="/instructor/editor">{tx('newNumericLink')}</Link></p>
      <div className="card">
        <table data-testid="exercise-list">
          <thead><tr><th>{t('exercise')}</th><th>{t('kind')}</th><th>{t('deadlineIn', { timeZone })}</th><th>{t('limits')}</th><th>{t('submissions')}</th><th><span className="visually-hidden">{t('links')}</span></th></tr></thead>
          <tbody>
            {exercises.map((e) => (
              <tr key={e.id} style={e.archived ? { opacity: 0.5 } : undefined}>
                <td>
                  <Link href={`/instructor/exercises/${e.id}`}>{e.title}</Link>
                  <div className="muted">{tx('idWeek', { id: e.id, week: e.week })}{e.source === 'editor' && ` · ${tx('fromEditor')}`}{e.archived && ` · ${tx('archived')}`}</div>
                </td>
                <td>{findKind(e.kind) ? tKind(e.kind as 'numeric' | 'code' | 'model') : e.kind}</td>
                <td>{e.deadline ? formatInTimeZone(e.deadline, timeZone) : <span className="muted">{tx('noDeadline')}</span>}{e.lateWindowHours > 0 && <div className="muted">{tx('lateRule', { hours: e.lateWindowHours, percent: e.latePenaltyPercentPerDay })}</div>}</td>
                <td className="muted">
                  {e.maxAttempts != null ? tx('attempts', { count: e.maxAttempts }) : tx('unlimited')}
                  {e.dailyCap != null && `, ${tx('perDay', { cap: e.dailyCap })}`}
                  {e.cooldownMinutes > 0 && `, ${tx('apart', { minutes: e.cooldownMinutes })}`}
                </td>
                <td>{count.get(e.id) ?? 0}</td>
                <td>
                  {findKind(e.kind)?.similarity && <Link href={`/instructor/exercises/${e.id}/similarity`}>{tx('similarity')}</Link>}
                  {e.source === 'editor' && <Link href={`/instructor/editor/${e.id}`}>{tx('edit')}</Link>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

import Link from 'next/link';
import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { db } from '@/lib/db';
import { pageUser } from '../ui/require-user';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('meta'))('exercises') };
}

export default async function ExercisesPage() {
  const user = await pageUser('/exercises');
  const t = await getTranslations('exercises');
  const exercises = await db().exercise.findMany({ where: { archived: false }, orderBy: [{ week: 'asc' }, { id: 'asc' }] });
  const best = await db().submission.groupBy({
    by: ['exerciseId'],
    where: { userId: user.id, mode: 'submit', status: 'graded' },
    _max: { score: true },
    _count: { _all: true },
  });
  const byId = new Map(best.map((b) => [b.exerciseId, b]));
  const weeks = [...new Set(exercises.map((e) => e.week))];
  return (
    <>
      <h1>{t('title')}</h1>
      {weeks.map((week) => (
        <section className="card" key={week}>
          <h2>{t('week', { number: week })}</h2>
          <table>
            <thead>
              <tr><th>{t('exercise')}</th><th>{t('kind')}</th><th>{t('best')}</th><th>{t('deadline')}</th></tr>
            </thead>
            <tbody>
              {exercises.filter((e) => e.week === week).map((e) => {
                const b = byId.get(e.id);
                return (
                  <tr key={e.id}>
                    <td><Link href={`/exercises/${e.id}`}>{e.title}</Link></td>
                    <td>{t(`kinds.${e.kind as 'numeric' | 'code' | 'model'}`)}</td>
                    <td>{b?._max.score != null ? `${b._max.score} / ${e.points}` : <span className="muted">{t('notAttempted')}</span>}</td>
                    <td>{e.deadline ? e.deadline.toISOString().replace('T', ' ').slice(0, 16) + ' UTC' : <span className="muted">{t('none')}</span>}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </section>
      ))}
    </>
  );
}

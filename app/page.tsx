import Link from 'next/link';
import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { db } from '@/lib/db';
import { checklistFor } from '@/lib/checklist/tick';
import { pageUser } from './ui/require-user';
import { ChecklistBox } from './ui/checklist-box';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  // The root layout's title template skips pages in its own segment, so this one is spelled out.
  return { title: { absolute: `${(await getTranslations('meta'))('home')} · ConvGrade` } };
}

export default async function HomePage() {
  const user = await pageUser('/');
  const [data, t] = await Promise.all([checklistFor({ db: db(), userId: user.id }), getTranslations('home')]);
  if (!data) return <div className="card">{t('noCourse')}</div>;
  return (
    <>
      <h1>{data.course.title}</h1>
      <p className="muted">{t('intro')}</p>
      {data.weeks.map((w) => (
        <section className="card" key={w.id} data-week={w.number}>
          <h2>
            {t('week', { number: w.number, title: w.title })}{' '}
            <span className="badge">{t('done', { done: w.doneCount, total: w.items.length })}</span>
          </h2>
          {w.items.length === 0 ? (
            <p className="muted">{t('empty')}</p>
          ) : (
            <ul className="checklist">
              {w.items.map((i) => (
                <li key={i.id}>
                  <ChecklistBox itemId={i.id} done={i.done} automatic={!!i.exerciseId} label={i.title} />
                  <div>
                    {i.exerciseId ? <Link href={`/exercises/${i.exerciseId}`}>{i.title}</Link> : <span>{i.title}</span>}
                    {i.detail && <div className="muted">{i.detail}</div>}
                    {i.source === 'auto' && <div className="muted">{t('auto')}</div>}
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

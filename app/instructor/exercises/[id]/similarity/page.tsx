import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { db } from '@/lib/db';
import { exerciseSimilarity } from '@/lib/instructor/similarity';
import { exerciseTitle } from '@/lib/queries/instructor-pages';
import { pageInstructor } from '../../../../ui/require-user';
import { or404 } from '../../../guard';
import { instructorTitle } from '../../../page-title';

export const dynamic = 'force-dynamic';

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return instructorTitle('similarity', async () => {
    const title = await exerciseTitle(db(), id);
    return title === null ? null : { title };
  });
}

const pct = (x: number) => `${Math.round(x * 100)}%`;

export default async function SimilarityPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ threshold?: string }> }) {
  const { id } = await params;
  const q = await searchParams;
  const user = await pageInstructor(`/instructor/exercises/${id}/similarity`);
  const threshold = Number(q.threshold);
  const report = await or404(exerciseSimilarity({ db: db(), user, exerciseId: id, threshold: Number.isFinite(threshold) && threshold >= 0 && threshold <= 1 ? threshold : undefined }));
  const t = await getTranslations('similarityPage');
  const tp = await getTranslations('instructorPages');
  return (
    <>
      <p className="muted"><Link href="/instructor/exercises">{tp('exercises')}</Link> › <Link href={`/instructor/exercises/${id}`}>{id}</Link> › {t('breadcrumb')}</p>
      <h1>{t('title', { title: report.exercise.title })}</h1>
      <form method="get" className="card" style={{ display: 'flex', gap: '.5rem', alignItems: 'flex-end' }}>
        <div>
          <label htmlFor="threshold">{t('threshold')}</label>
          <input id="threshold" name="threshold" type="number" min="0" max="1" step="0.05" defaultValue={report.threshold} />
        </div>
        <button type="submit">{t('update')}</button>
      </form>
      <p className="muted">{t('intro', { count: report.compared })}</p>
      {report.pairs.length === 0 && <div className="card">{t('none')}</div>}
      {report.pairs.map((p, k) => (
        <div className="card" key={k} data-testid="similar-pair">
          <h2>
            {t('pair', { a: p.a.student.name, b: p.b.student.name, score: pct(p.score), containment: pct(p.containment) })}
          </h2>
          <table>
            <thead><tr><th>{p.a.student.name} (<Link href={`/submissions/${p.a.submissionId}`}>{t('submission')}</Link>)</th><th>{p.b.student.name} (<Link href={`/submissions/${p.b.submissionId}`}>{t('submission')}</Link>)</th></tr></thead>
            <tbody>
              {p.matches.map((m, i) => (
                <tr key={i}>
                  <td><div className="muted">{t('lines', { from: m.aLines[0], to: m.aLines[1] })}</div><pre>{p.a.lines.slice(m.aLines[0] - 1, m.aLines[1]).join('\n')}</pre></td>
                  <td><div className="muted">{t('lines', { from: m.bLines[0], to: m.bLines[1] })}</div><pre>{p.b.lines.slice(m.bLines[0] - 1, m.bLines[1]).join('\n')}</pre></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ))}
    </>
  );
}

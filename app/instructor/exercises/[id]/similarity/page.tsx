import Link from 'next/link';
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
  const t = Number(q.threshold);
  const report = await or404(exerciseSimilarity({ db: db(), user, exerciseId: id, threshold: Number.isFinite(t) && t >= 0 && t <= 1 ? t : undefined }));
  return (
    <>
      <p className="muted"><Link href="/instructor/exercises">Exercises</Link> › <Link href={`/instructor/exercises/${id}`}>{id}</Link> › similarity</p>
      <h1>Similarity: {report.exercise.title}</h1>
      <form method="get" className="card" style={{ display: 'flex', gap: '.5rem', alignItems: 'flex-end' }}>
        <div>
          <label htmlFor="threshold">Report pairs with similarity at least</label>
          <input id="threshold" name="threshold" type="number" min="0" max="1" step="0.05" defaultValue={report.threshold} />
        </div>
        <button type="submit">Update</button>
      </form>
      <p className="muted">
        Compared the latest submission of {report.compared} students (starter code ignored). Similarity is the share of
        code fingerprints two submissions have in common; containment is the share of the smaller one found in the other.
      </p>
      {report.pairs.length === 0 && <div className="card">No pair reaches the threshold.</div>}
      {report.pairs.map((p, k) => (
        <div className="card" key={k} data-testid="similar-pair">
          <h2>
            {p.a.student.name} ↔ {p.b.student.name}: {pct(p.score)} similar, {pct(p.containment)} contained
          </h2>
          <table>
            <thead><tr><th>{p.a.student.name} (<Link href={`/submissions/${p.a.submissionId}`}>submission</Link>)</th><th>{p.b.student.name} (<Link href={`/submissions/${p.b.submissionId}`}>submission</Link>)</th></tr></thead>
            <tbody>
              {p.matches.map((m, i) => (
                <tr key={i}>
                  <td><div className="muted">lines {m.aLines[0]}–{m.aLines[1]}</div><pre>{p.a.lines.slice(m.aLines[0] - 1, m.aLines[1]).join('\n')}</pre></td>
                  <td><div className="muted">lines {m.bLines[0]}–{m.bLines[1]}</div><pre>{p.b.lines.slice(m.bLines[0] - 1, m.bLines[1]).join('\n')}</pre></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ))}
    </>
  );
}

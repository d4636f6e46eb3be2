import { pageInstructor } from '../../ui/require-user';
import { instructorTitle } from '../page-title';

export const dynamic = 'force-dynamic';

export function generateMetadata() {
  return instructorTitle('export');
}

export default async function ExportPage() {
  await pageInstructor('/instructor/export');
  return (
    <>
      <h1>Export grades</h1>
      <div className="card">
        <p>
          One row per student, one column per exercise: the best graded submission (not visible-test runs) after the late
          penalty. Empty cells mean no graded attempt.
        </p>
        <form method="get" action="/api/instructor/grades" style={{ display: 'flex', gap: '.5rem', alignItems: 'flex-end', flexWrap: 'wrap' }}>
          <div>
            <label htmlFor="format">Format</label>
            <select id="format" name="format" defaultValue="canvas">
              <option value="canvas">Canvas gradebook</option>
              <option value="moodle">Moodle grade import</option>
              <option value="generic">Generic (with totals)</option>
            </select>
          </div>
          <label style={{ fontWeight: 400 }}><input type="checkbox" name="bom" value="1" /> Excel-friendly (UTF-8 BOM)</label>
          <button type="submit">Download CSV</button>
        </form>
      </div>
      <div className="card">
        <p className="muted">
          Each submission&apos;s Gradescope-style results.json is linked from the exercise and student pages.
        </p>
      </div>
    </>
  );
}

import { pageInstructor } from '../../ui/require-user';
import { instructorTitle } from '../page-title';
import { getTranslations } from 'next-intl/server';

export const dynamic = 'force-dynamic';

export function generateMetadata() {
  return instructorTitle('export');
}

export default async function ExportPage() {
  await pageInstructor('/instructor/export');
  const t = await getTranslations('instructorPages');
  return (
    <>
      <h1>{t('export')}</h1>
      <div className="card">
        <p>{t('exportIntro')}</p>
        <form method="get" action="/api/instructor/grades" style={{ display: 'flex', gap: '.5rem', alignItems: 'flex-end', flexWrap: 'wrap' }}>
          <div>
            <label htmlFor="format">{t('format')}</label>
            <select id="format" name="format" defaultValue="canvas">
              <option value="canvas">{t('formatCanvas')}</option>
              <option value="moodle">{t('formatMoodle')}</option>
              <option value="generic">{t('formatGeneric')}</option>
            </select>
          </div>
          <label style={{ fontWeight: 400 }}><input type="checkbox" name="bom" value="1" /> {t('bom')}</label>
          <button type="submit">{t('download')}</button>
        </form>
      </div>
      <div className="card">
        <p className="muted">
          {t('resultsJson')}
        </p>
      </div>
    </>
  );
}

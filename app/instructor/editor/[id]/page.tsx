import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { db } from '@/lib/db';
import { authoredForEdit } from '@/lib/instructor/authored-exercises';
import { pageInstructor } from '../../../ui/require-user';
import { InstructorNumericEditor } from '../../../ui/instructor-numeric-editor';
import { InstructorActionButton } from '../../../ui/instructor-action-button';
import { or404, shortTime } from '../../guard';
import { exerciseTitle, exerciseWithTimeZone } from '@/lib/queries/instructor-pages';
import { instructorTitle } from '../../page-title';

export const dynamic = 'force-dynamic';

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return instructorTitle('editNumeric', async () => {
    const title = await exerciseTitle(db(), id);
    return title === null ? null : { title };
  });
}

export default async function EditNumericExercise({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ saved?: string }> }) {
  const { id } = await params;
  const { saved } = await searchParams;
  const user = await pageInstructor(`/instructor/editor/${id}`);
  const data = await or404(authoredForEdit({ db: db(), user, exerciseId: id }));
  const { exercise: ex, timeZone } = await exerciseWithTimeZone(db(), id);
  const t = await getTranslations('editorPage');
  const tp = await getTranslations('instructorPages');
  return (
    <>
      <p className="muted"><Link href="/instructor/exercises">{tp('exercises')}</Link> › <Link href={`/instructor/exercises/${id}`}>{id}</Link> › {t('breadcrumb')}</p>
      <h1>{data.def.title}</h1>
      {saved && <p className="notice" role="status">{t.rich('saved', { id, week: data.def.week, link: (chunks) => <Link href={`/exercises/${id}`}>{chunks}</Link> })}</p>}
      <p className="muted">
        {t('versions', { list: data.versions.map((v) => t(v.version === data.version ? 'versionCurrent' : 'version', { version: v.version, time: shortTime(v.createdAt, timeZone), students: v.students })).join(' · ') })}
      </p>
      <p>
        <InstructorActionButton
          url={`/api/instructor/authored/${id}`}
          body={{ archived: !ex.archived }}
          label={ex.archived ? t('show') : t('hide')}
          secondary
          done={ex.archived ? t('shown') : t('hidden')}
        />{' '}
        <a className="button secondary" href={`/api/instructor/authored/${id}/file`} download>{t('download', { file: `${id}.json` })}</a>
      </p>
      <p className="muted">{t.rich('git', { id, code: (chunks) => <code>{chunks}</code>, cmd: (chunks) => <code>{chunks}</code> })}</p>
      <InstructorNumericEditor initial={data.def} editing />
    </>
  );
}

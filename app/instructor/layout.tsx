import type { ReactNode } from 'react';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { currentUser } from '@/lib/auth/session';
import { redirect } from 'next/navigation';

// Checked on the server for every instructor page; each page and route checks again.
export default async function InstructorLayout({ children }: { children: ReactNode }) {
  const user = await currentUser();
  if (!user) redirect('/signin?callbackUrl=/instructor');
  const t = await getTranslations('instructor');
  if (user.role !== 'instructor') {
    return (
      <div className="card" data-testid="forbidden">
        <h1>{t('forbiddenTitle')}</h1>
        <p>{t.rich('forbiddenBody', { link: (chunks) => <Link href="/">{chunks}</Link> })}</p>
      </div>
    );
  }
  return (
    <>
      <nav aria-label={t('nav')} className="sub-nav">
        <Link href="/instructor">{t('progress')}</Link>
        <Link href="/instructor/exercises">{t('exercises')}</Link>
        <Link href="/instructor/editor">{t('numericEditor')}</Link>
        <Link href="/instructor/checklist">{t('checklist')}</Link>
        <Link href="/instructor/export">{t('export')}</Link>
        {/* a route handler (bull-board), not a page: a plain link loads it in full */}
        <a href="/instructor/queues">{t('queues')}</a>
      </nav>
      {children}
    </>
  );
}

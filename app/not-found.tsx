import Link from 'next/link';
import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('meta'))('notFound') };
}

export default async function NotFound() {
  const t = await getTranslations('notFound');
  return (
    <div className="card">
      <h1>{t('title')}</h1>
      <p>{t('body')}</p>
      <Link href="/">{t('back')}</Link>
    </div>
  );
}

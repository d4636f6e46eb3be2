import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { currentUser } from '@/lib/auth/session';

type TitleKey = 'instructor' | 'instructorExercises' | 'instructorExercise' | 'similarity' | 'newNumeric' | 'editNumeric' | 'checklistAdmin' | 'export' | 'student';

/**
 * An instructor page's tab title. Names from the database (an exercise, a
 * student) are looked up only for instructors: a student who opens the URL
 * gets the 404 page, and its tab must not give the name away either.
 */
export async function instructorTitle(key: TitleKey, lookup?: () => Promise<Record<string, string> | null>): Promise<Metadata> {
  const t = await getTranslations('meta');
  const user = await currentUser();
  if (!lookup) return { title: t(key, { title: '', name: '' }) };
  const values = user?.role === 'instructor' ? await lookup() : null;
  return { title: values ? t(key, { title: '', name: '', ...values }) : t('notFound') };
}

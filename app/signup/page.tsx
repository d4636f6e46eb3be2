import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { env } from '@/lib/env';
import { SignUpForm } from './sign-up-form';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('meta'))('signUp') };
}

export default async function SignUpPage() {
  const mode = env().SIGNUP_MODE;
  const t = await getTranslations('signUp');
  return (
    <div className="card" style={{ maxWidth: 480 }}>
      <h1>{t('title')}</h1>
      {mode === 'closed' ? <p>{t('closed')}</p> : <SignUpForm needsInvite={mode === 'invite'} />}
    </div>
  );
}

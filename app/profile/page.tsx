import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { db } from '@/lib/db';
import { env } from '@/lib/env';
import { profile } from '@/lib/auth/account';
import { pageUser } from '../ui/require-user';
import { LinkProviderButton, PasswordForm } from '../ui/profile-forms';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('meta'))('profile') };
}

const NAMES: Record<string, string> = { github: 'GitHub', google: 'Google' };

export default async function ProfilePage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const user = await pageUser('/profile');
  const p = await profile({ db: db(), user, env: env() });
  const linked = new Set(p.linked.map((l) => l.provider));
  const sp = await searchParams;
  const t = await getTranslations('profile');
  return (
    <>
      <h1>{t('heading')}</h1>
      <div className="card">
        <p>{p.name} · {p.email} · {p.role}</p>
        <h2>{t('providers')}</h2>
        {sp.linked && linked.has(sp.linked) && <p className="notice" role="status">{t('linkedNow', { provider: NAMES[sp.linked] ?? sp.linked })}</p>}
        {p.providers.length === 0 ? (
          <p className="muted">{t('noProviders')}</p>
        ) : (
          <ul>
            {p.providers.map((id) => (
              <li key={id}>
                {NAMES[id]}:{' '}
                {linked.has(id) ? <span data-testid={`linked-${id}`}>{t('linked')}</span> : <LinkProviderButton provider={id} label={t('link', { provider: NAMES[id] ?? id })} />}
              </li>
            ))}
          </ul>
        )}
        <p className="muted">
          {t('linkRule')}
        </p>
      </div>
      <div className="card">
        <h2>{p.hasPassword ? t('changePassword') : t('setPassword')}</h2>
        <p className="muted">{t('signsOut')}</p>
        <PasswordForm email={p.email} needsCurrent={p.hasPassword} />
      </div>
    </>
  );
}

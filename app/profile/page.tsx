import { db } from '@/lib/db';
import { env } from '@/lib/env';
import { profile } from '@/lib/auth/account';
import { pageUser } from '../ui/require-user';
import { LinkProviderButton, PasswordForm } from '../ui/profile-forms';

export const dynamic = 'force-dynamic';

const NAMES: Record<string, string> = { github: 'GitHub', google: 'Google' };

export default async function ProfilePage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const user = await pageUser('/profile');
  const p = await profile({ db: db(), user, env: env() });
  const linked = new Set(p.linked.map((l) => l.provider));
  const sp = await searchParams;
  return (
    <>
      <h1>Your account</h1>
      <div className="card">
        <p>{p.name} · {p.email} · {p.role}</p>
        <h2>Sign in with GitHub or Google</h2>
        {sp.linked && linked.has(sp.linked) && <p className="notice" role="status">{NAMES[sp.linked] ?? sp.linked} is linked: you can sign in with it now.</p>}
        {p.providers.length === 0 ? (
          <p className="muted">This site has no GitHub or Google sign-in switched on.</p>
        ) : (
          <ul>
            {p.providers.map((id) => (
              <li key={id}>
                {NAMES[id]}:{' '}
                {linked.has(id) ? <span data-testid={`linked-${id}`}>linked</span> : <LinkProviderButton provider={id} label={`Link ${NAMES[id]}`} />}
              </li>
            ))}
          </ul>
        )}
        <p className="muted">
          A provider signs you in here only once it is linked to this account. Students are linked automatically when the provider has verified the same
          email address; instructor accounts are linked only from this page.
        </p>
      </div>
      <div className="card">
        <h2>{p.hasPassword ? 'Change your password' : 'Set a password'}</h2>
        <p className="muted">This signs you out everywhere else: every other browser and device has to sign in again.</p>
        <PasswordForm email={p.email} needsCurrent={p.hasPassword} />
      </div>
    </>
  );
}

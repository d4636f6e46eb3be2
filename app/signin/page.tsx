import { headers } from 'next/headers';
import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { SignInForm } from './sign-in-form';
import { env, oauthProviders } from '@/lib/env';
import { safeCallbackUrl, siteOrigins } from '@/lib/http/site-origin';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('meta'))('signIn') };
}

// next-auth's and our sign-in callback's error codes, as message keys.
const MESSAGES: Record<string, 'wrong' | 'sessionRequired' | 'signupClosed' | 'tooMany' | 'emailNotVerified' | 'instructorLinkFromProfile' | 'oauthLinkedElsewhere'> = {
  CredentialsSignin: 'wrong',
  SessionRequired: 'sessionRequired',
  SignupClosed: 'signupClosed',
  TooManyAttempts: 'tooMany',
  EmailNotVerified: 'emailNotVerified',
  InstructorLinkFromProfile: 'instructorLinkFromProfile',
  OAuthLinkedElsewhere: 'oauthLinkedElsewhere',
};

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const sp = await searchParams;
  const e = env();
  const t = await getTranslations('signIn');
  const providers = oauthProviders(e).map((p) => p.id);
  // Only back to this site: an open redirect after sign-in would be a phishing aid.
  const host = (await headers()).get('host') ?? 'localhost';
  const callbackUrl = safeCallbackUrl(sp.callbackUrl, siteOrigins(e.NEXTAUTH_URL, `http://${host}/`));
  return (
    <div className="card" style={{ maxWidth: 480 }}>
      <h1>{t('title')}</h1>
      {sp.error && <p className="error">{t(MESSAGES[sp.error] ?? 'failed')}</p>}
      {sp.callbackUrl && !sp.error && <p className="notice">{t('continue')}</p>}
      <SignInForm callbackUrl={callbackUrl} providers={providers} signupOpen={e.SIGNUP_MODE !== 'closed'} />
    </div>
  );
}

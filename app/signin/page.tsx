import { headers } from 'next/headers';
import { SignInForm } from './sign-in-form';
import { env, oauthProviders } from '@/lib/env';
import { safeCallbackUrl, siteOrigins } from '@/lib/http/site-origin';

export const dynamic = 'force-dynamic';

const MESSAGES: Record<string, string> = {
  CredentialsSignin: 'Wrong email or password.',
  SessionRequired: 'Your session has expired. Please sign in again.',
  SignupClosed: 'There is no account for that address and sign-up is not open.',
  TooManyAttempts: 'Too many failed sign-ins. Wait 15 minutes and try again.',
  EmailNotVerified: 'Your provider has not verified that email address, so it cannot sign you in here. Verify it there, or sign in with your password.',
  InstructorLinkFromProfile: 'This address belongs to an instructor account. Sign in with your password, then link the provider from your profile.',
  OAuthLinkedElsewhere: 'That account at the provider is already linked to another ConvGrade user.',
};

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const sp = await searchParams;
  const e = env();
  const providers = oauthProviders(e).map((p) => p.id);
  // Only back to this site: an open redirect after sign-in would be a phishing aid.
  const host = (await headers()).get('host') ?? 'localhost';
  const callbackUrl = safeCallbackUrl(sp.callbackUrl, siteOrigins(e.NEXTAUTH_URL, `http://${host}/`));
  return (
    <div className="card" style={{ maxWidth: 480 }}>
      <h1>Sign in</h1>
      {sp.error && <p className="error">{MESSAGES[sp.error] ?? 'Sign-in failed. Please try again.'}</p>}
      {sp.callbackUrl && !sp.error && <p className="notice">Please sign in to continue.</p>}
      <SignInForm callbackUrl={callbackUrl} providers={providers} signupOpen={e.SIGNUP_MODE !== 'closed'} />
    </div>
  );
}

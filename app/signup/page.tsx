import { env } from '@/lib/env';
import { SignUpForm } from './sign-up-form';

export const dynamic = 'force-dynamic';

export default function SignUpPage() {
  const mode = env().SIGNUP_MODE;
  return (
    <div className="card" style={{ maxWidth: 480 }}>
      <h1>Create an account</h1>
      {mode === 'closed' ? <p>Sign-up is closed. Ask your instructor for an account.</p> : <SignUpForm needsInvite={mode === 'invite'} />}
    </div>
  );
}

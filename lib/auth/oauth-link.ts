// Which of our users an OAuth identity signs in as: pure, so the policy is
// tested with provider profiles as plain data.
//
// - An identity already linked signs in as its user.
// - A signed-in user linking from their profile gets the identity linked to
//   them (unless it already belongs to someone else).
// - Otherwise the email decides, and only an email the provider says is
//   verified: it links to a student with that email, or creates a student
//   when sign-up is open. An instructor is never linked automatically: a
//   verified address at a provider is weaker than the instructor's password.

export type OAuthProviderId = 'github' | 'google';

export type OAuthRefusal = 'EmailNotVerified' | 'InstructorLinkFromProfile' | 'SignupClosed' | 'OAuthLinkedElsewhere';

export type OAuthDecision =
  | { kind: 'sign-in'; userId: string }
  | { kind: 'link'; userId: string }
  | { kind: 'create'; email: string }
  | { kind: 'refuse'; error: OAuthRefusal };

/**
 * The address the provider vouches for, lower-cased, or null.
 * GitHub: the primary address from the emails API, only if verified (the
 * profile's public `email` is whatever the user typed). Google: `email`
 * only when `email_verified` is true.
 */
export function verifiedEmail(provider: OAuthProviderId, profile: unknown): string | null {
  const p = (profile ?? {}) as Record<string, unknown>;
  if (provider === 'github') {
    const emails = Array.isArray(p.emails) ? (p.emails as Record<string, unknown>[]) : [];
    const primary = emails.find((e) => e && e.primary === true);
    return primary && primary.verified === true && typeof primary.email === 'string' ? primary.email.trim().toLowerCase() || null : null;
  }
  // Google's ID token says true; some userinfo answers have said "true".
  const ok = p.email_verified === true || p.email_verified === 'true';
  return ok && typeof p.email === 'string' ? p.email.trim().toLowerCase() || null : null;
}

export function decideOAuthSignIn(opts: {
  /** the user this provider account is already linked to */
  linkedUserId: string | null;
  /** the signed-in user who asked, from their profile, to link this provider */
  linkingUserId: string | null;
  verifiedEmail: string | null;
  /** our user with that verified email */
  userByEmail: { id: string; role: string } | null;
  signupMode: 'open' | 'invite' | 'closed';
}): OAuthDecision {
  const { linkedUserId, linkingUserId } = opts;
  if (linkingUserId) {
    if (linkedUserId && linkedUserId !== linkingUserId) return { kind: 'refuse', error: 'OAuthLinkedElsewhere' };
    return linkedUserId ? { kind: 'sign-in', userId: linkedUserId } : { kind: 'link', userId: linkingUserId };
  }
  if (linkedUserId) return { kind: 'sign-in', userId: linkedUserId };
  if (!opts.verifiedEmail) return { kind: 'refuse', error: 'EmailNotVerified' };
  if (opts.userByEmail) {
    if (opts.userByEmail.role === 'instructor') return { kind: 'refuse', error: 'InstructorLinkFromProfile' };
    return { kind: 'link', userId: opts.userByEmail.id };
  }
  if (opts.signupMode !== 'open') return { kind: 'refuse', error: 'SignupClosed' };
  return { kind: 'create', email: opts.verifiedEmail };
}

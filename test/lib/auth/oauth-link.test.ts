import { describe, expect, it } from 'vitest';
import { decideOAuthSignIn, verifiedEmail } from '../../../lib/auth/oauth-link';

// Provider profiles as the providers send them (trimmed to the fields that matter).
const github = (emails: { email: string; primary: boolean; verified: boolean }[], email: string | null = 'public@example.org') => ({
  id: 42,
  login: 'minh',
  email,
  emails,
});
const google = (email: string, email_verified: unknown) => ({ sub: '1093', email, email_verified, name: 'Minh' });

describe('which email a provider vouches for', () => {
  it('GitHub: the primary address, only when verified; never the public profile email', () => {
    expect(verifiedEmail('github', github([{ email: 'Minh@Uni.edu', primary: true, verified: true }]))).toBe('minh@uni.edu');
    expect(verifiedEmail('github', github([{ email: 'minh@uni.edu', primary: true, verified: false }]))).toBeNull();
    // A verified address that is not primary does not count either.
    expect(verifiedEmail('github', github([{ email: 'a@x.org', primary: false, verified: true }, { email: 'b@x.org', primary: true, verified: false }]))).toBeNull();
    expect(verifiedEmail('github', github([]))).toBeNull();
    expect(verifiedEmail('github', { id: 1, email: 'public@example.org' })).toBeNull();
  });

  it('Google: email only with email_verified', () => {
    expect(verifiedEmail('google', google('Lan@Gmail.com', true))).toBe('lan@gmail.com');
    expect(verifiedEmail('google', google('lan@gmail.com', 'true'))).toBe('lan@gmail.com');
    expect(verifiedEmail('google', google('lan@gmail.com', false))).toBeNull();
    expect(verifiedEmail('google', google('lan@gmail.com', undefined))).toBeNull();
    expect(verifiedEmail('google', null)).toBeNull();
  });
});

describe('whom an OAuth identity signs in as', () => {
  const base = { linkedUserId: null, linkingUserId: null, verifiedEmail: 'minh@uni.edu', userByEmail: null, signupMode: 'open' } as const;

  it('an identity already linked signs in as its user, whatever the email says', () => {
    expect(decideOAuthSignIn({ ...base, linkedUserId: 'u1', verifiedEmail: null })).toEqual({ kind: 'sign-in', userId: 'u1' });
  });

  it('links a student whose address the provider verified', () => {
    expect(decideOAuthSignIn({ ...base, userByEmail: { id: 's1', role: 'student' } })).toEqual({ kind: 'link', userId: 's1' });
  });

  it('never links by an unverified address, and never creates an account from one', () => {
    expect(decideOAuthSignIn({ ...base, verifiedEmail: null, userByEmail: null })).toEqual({ kind: 'refuse', error: 'EmailNotVerified' });
  });

  it('never links an instructor automatically, even with a verified address', () => {
    expect(decideOAuthSignIn({ ...base, userByEmail: { id: 'i1', role: 'instructor' } })).toEqual({ kind: 'refuse', error: 'InstructorLinkFromProfile' });
  });

  it('a signed-in user (instructor included) links from their profile, unless the identity is someone else\'s', () => {
    expect(decideOAuthSignIn({ ...base, linkingUserId: 'i1', verifiedEmail: null })).toEqual({ kind: 'link', userId: 'i1' });
    expect(decideOAuthSignIn({ ...base, linkingUserId: 'i1', linkedUserId: 'i1' })).toEqual({ kind: 'sign-in', userId: 'i1' });
    expect(decideOAuthSignIn({ ...base, linkingUserId: 'i1', linkedUserId: 's9' })).toEqual({ kind: 'refuse', error: 'OAuthLinkedElsewhere' });
  });

  it('creates a student for a new verified address only when sign-up is open', () => {
    expect(decideOAuthSignIn(base)).toEqual({ kind: 'create', email: 'minh@uni.edu' });
    expect(decideOAuthSignIn({ ...base, signupMode: 'invite' })).toEqual({ kind: 'refuse', error: 'SignupClosed' });
    expect(decideOAuthSignIn({ ...base, signupMode: 'closed' })).toEqual({ kind: 'refuse', error: 'SignupClosed' });
  });
});

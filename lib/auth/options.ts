import type { Account, NextAuthOptions, Profile, User } from 'next-auth';
import type { UserinfoEndpointHandler } from 'next-auth/providers/oauth';
import CredentialsProvider from 'next-auth/providers/credentials';
import GitHubProvider from 'next-auth/providers/github';
import GoogleProvider from 'next-auth/providers/google';
import { db as defaultDb, isUniqueViolation, type Db } from '../db';
import { authSecret, env, oauthProviders, type Env } from '../env';
import type { Limiters } from '../rate-limit/limiter';
import { appLimits } from '../rate-limit/app-limits';
import { clientIp } from '../rate-limit/client-ip';
import { admitSignIn, signInSucceeded } from '../rate-limit/sign-in';
import { verifyPassword } from './password';
import { asRole, type SessionUser } from './roles';
import { decideOAuthSignIn, verifiedEmail, type OAuthProviderId } from './oauth-link';
import type { LinkIntent } from './link-intent';
import { SESSION_IDLE_SECONDS, sessionIsCurrent } from './session-version';

// Email + password always; GitHub and Google only when both id and secret are set.
// Sessions are JWTs (the credentials provider needs them) that carry the user's
// id and session version; every session read checks both against the user row,
// so a demotion, "sign out everywhere" or a password change takes effect at once.

export const TOO_MANY_ATTEMPTS = 'TooManyAttempts';

export interface AuthRequestContext {
  /** the signed-in user's wish to link a provider (verified by the route from its cookie) */
  linkIntent?: LinkIntent | null;
  /** told when sign-in is refused by the rate limit, so the route can answer 429 */
  onThrottled?: (retryAfterSeconds: number) => void;
}

export function authOptions(opts: { env?: Env; db?: Db; limits?: Limiters } & AuthRequestContext = {}): NextAuthOptions {
  const e = opts.env ?? env();
  // Resolved lazily: building the options (every request) must not open the database or Redis.
  const db = () => opts.db ?? defaultDb();
  const limits = () => opts.limits ?? appLimits();
  const providers: NextAuthOptions['providers'] = [
    CredentialsProvider({
      name: 'Email and password',
      credentials: {
        email: { label: 'Email', type: 'email' },
        password: { label: 'Password', type: 'password' },
      },
      async authorize(credentials, req) {
        const email = String(credentials?.email ?? '').trim().toLowerCase().slice(0, 320);
        const password = String(credentials?.password ?? '').slice(0, 200);
        if (!email || !password) return null;
        const who = { email, ip: clientIp(req?.headers as Record<string, string> | undefined) };
        const gate = await admitSignIn(limits(), who);
        if (!gate.allowed) {
          opts.onThrottled?.(gate.retryAfterSeconds);
          throw new Error(TOO_MANY_ATTEMPTS);
        }
        const user = await db().user.findUnique({ where: { email } });
        // bcrypt runs whether or not the account exists (see verifyPassword).
        if (!(await verifyPassword(password, user?.passwordHash))) return null;
        await signInSucceeded(limits(), who);
        return { id: user!.id, email: user!.email, name: user!.name };
      },
    }),
  ];
  for (const p of oauthProviders(e)) {
    const config = { clientId: p.clientId, clientSecret: p.clientSecret };
    providers.push(p.id === 'github' ? GitHubProvider({ ...config, userinfo: githubUserinfo }) : GoogleProvider(config));
  }

  /** Our user for an OAuth identity, once signIn has allowed (and maybe linked) it. */
  const linkedUser = async (account: Account) => {
    const link = await db().oAuthAccount.findUnique({
      where: { provider_providerAccountId: { provider: account.provider, providerAccountId: account.providerAccountId } },
      include: { user: true },
    });
    return link?.user ?? null;
  };

  return {
    secret: authSecret(e),
    session: { strategy: 'jwt', maxAge: SESSION_IDLE_SECONDS },
    pages: { signIn: '/signin', error: '/signin' },
    providers,
    callbacks: {
      async signIn({ user, account, profile }) {
        if (account?.provider === 'credentials') return true;
        if (!account || (account.provider !== 'github' && account.provider !== 'google')) return false;
        const provider: OAuthProviderId = account.provider;
        const email = verifiedEmail(provider, profile);
        const linked = await linkedUser(account);
        const intent = opts.linkIntent?.provider === provider ? opts.linkIntent : null;
        // A link wish from a session since ended (sign out everywhere, password change) does not count.
        const linker = intent ? await db().user.findUnique({ where: { id: intent.userId } }) : null;
        const decision = decideOAuthSignIn({
          linkedUserId: linked?.id ?? null,
          linkingUserId: linker && linker.sessionVersion === intent!.sessionVersion ? linker.id : null,
          verifiedEmail: email,
          userByEmail: email ? await db().user.findUnique({ where: { email }, select: { id: true, role: true } }) : null,
          signupMode: e.SIGNUP_MODE,
        });
        if (decision.kind === 'refuse') return `/signin?error=${decision.error}`;
        if (decision.kind === 'sign-in') return true;
        const userId =
          decision.kind === 'link'
            ? decision.userId
            : (await db().user.create({ data: { email: decision.email, name: displayName(user, profile, decision.email), role: 'student' } })).id;
        try {
          await db().oAuthAccount.create({ data: { provider, providerAccountId: account.providerAccountId, userId } });
        } catch (err) {
          // The same identity linked by a concurrent callback: whoever won decides.
          if (!isUniqueViolation(err)) throw err;
          if ((await linkedUser(account))?.id !== userId) return '/signin?error=OAuthLinkedElsewhere';
        }
        return true;
      },
      async jwt({ token, user, account }) {
        if (!user || !account) return token; // not a sign-in: keep the claims as they are
        const u = account.provider === 'credentials' ? await db().user.findUnique({ where: { id: user.id } }) : await linkedUser(account);
        if (!u) return { uid: null };
        return { sub: u.id, email: u.email, name: u.name, uid: u.id, sv: u.sessionVersion, authAt: Date.now() };
      },
      async session({ session, token }) {
        const u = typeof token.uid === 'string' ? await db().user.findUnique({ where: { id: token.uid } }) : null;
        if (!u || !sessionIsCurrent({ token, user: u })) return { ...session, user: undefined };
        const sessionUser: SessionUser = { id: u.id, email: u.email, name: u.name, role: asRole(u.role) };
        return { ...session, user: sessionUser };
      },
    },
  };
}

function displayName(user: User, profile: Profile | undefined, email: string): string {
  const name = user.name ?? (profile as { login?: unknown } | undefined)?.login;
  return (typeof name === 'string' && name.trim() ? name.trim() : email).slice(0, 100);
}

// GitHub's profile `email` is the public one the user typed; whether an address
// is verified (and which is primary) is only in the emails API.
const githubUserinfo: UserinfoEndpointHandler = {
  url: 'https://api.github.com/user',
  async request({ client, tokens }) {
    const profile = await client.userinfo(tokens.access_token!);
    const res = await fetch('https://api.github.com/user/emails', {
      headers: { Authorization: `Bearer ${tokens.access_token}`, Accept: 'application/vnd.github+json', 'User-Agent': 'ConvGrade' },
    });
    return { ...profile, emails: res.ok ? await res.json() : [] } as Profile;
  },
};

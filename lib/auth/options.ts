import type { NextAuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import GitHubProvider from 'next-auth/providers/github';
import GoogleProvider from 'next-auth/providers/google';
import { db as defaultDb, type Db } from '../db';
import { authSecret, env, oauthProviders, type Env } from '../env';
import { verifyPassword } from './password';
import { asRole, type SessionUser } from './roles';

// Email + password always; GitHub and Google only when both id and secret are set.
// Sessions are JWTs (the credentials provider needs them) that carry the role;
// the role is re-read from the database on every session so a demotion takes
// effect at once.

export function authOptions(opts: { env?: Env; db?: Db } = {}): NextAuthOptions {
  const e = opts.env ?? env();
  // Resolved lazily: building the options (every request) must not open the database.
  const db = () => opts.db ?? defaultDb();
  const providers: NextAuthOptions['providers'] = [
    CredentialsProvider({
      name: 'Email and password',
      credentials: {
        email: { label: 'Email', type: 'email' },
        password: { label: 'Password', type: 'password' },
      },
      async authorize(credentials) {
        const email = String(credentials?.email ?? '').trim().toLowerCase();
        const password = String(credentials?.password ?? '');
        if (!email || !password) return null;
        const user = await db().user.findUnique({ where: { email } });
        if (!user || !(await verifyPassword(password, user.passwordHash))) return null;
        return { id: user.id, email: user.email, name: user.name };
      },
    }),
  ];
  for (const p of oauthProviders(e)) {
    const config = { clientId: p.clientId, clientSecret: p.clientSecret };
    providers.push(p.id === 'github' ? GitHubProvider(config) : GoogleProvider(config));
  }

  return {
    secret: authSecret(e),
    session: { strategy: 'jwt', maxAge: 7 * 24 * 3600 },
    pages: { signIn: '/signin', error: '/signin' },
    providers,
    callbacks: {
      async signIn({ user, account }) {
        if (account?.provider === 'credentials') return true;
        // OAuth: only known users, or anyone when sign-up is open.
        const email = user.email?.toLowerCase();
        if (!email) return false;
        const existing = await db().user.findUnique({ where: { email } });
        if (existing) return true;
        if (e.SIGNUP_MODE !== 'open') return '/signin?error=SignupClosed';
        await db().user.create({ data: { email, name: user.name ?? email, role: 'student' } });
        return true;
      },
      async jwt({ token, user }) {
        if (user?.email) token.email = user.email.toLowerCase();
        return token;
      },
      async session({ session, token }) {
        const email = typeof token.email === 'string' ? token.email : undefined;
        const u = email ? await db().user.findUnique({ where: { email } }) : null;
        if (!u) return { ...session, user: undefined };
        const user: SessionUser = { id: u.id, email: u.email, name: u.name, role: asRole(u.role) };
        return { ...session, user };
      },
    },
  };
}

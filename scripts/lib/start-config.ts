import { EnvError, parseEnv } from '../../lib/env';
import { demoInstructorPassword, localAuthSecret } from '../../lib/local-secret';

// What `npm start` runs with. Two modes, chosen by NODE_ENV in the environment:
// - local (the quick start): a random session secret made once per data
//   folder, the demo accounts, and a server on 127.0.0.1 only;
// - production (NODE_ENV=production): NEXTAUTH_SECRET and NEXTAUTH_URL must be
//   given, no demo accounts ever, and the server listens where HOST says.

export interface StartConfig {
  production: boolean;
  host: string;
  port: number;
  siteUrl: string;
  /** the environment the web server, services and worker get on top of ours */
  childEnv: Record<string, string>;
  /** the demo instructor's password (local mode with DEMO_SEED only) */
  demoInstructorPassword: string | null;
  notes: string[];
}

export function startConfig(source: Record<string, string | undefined> = process.env): StartConfig {
  const env = parseEnv(source);
  const notes: string[] = [];
  if (source.NODE_ENV === 'production') {
    const missing = [
      !env.NEXTAUTH_SECRET && '  NEXTAUTH_SECRET: must be set to a random value of at least 32 characters (e.g. openssl rand -base64 32)',
      !env.NEXTAUTH_URL && '  NEXTAUTH_URL: must be set to the public address of the site (e.g. https://grading.example.edu)',
    ].filter(Boolean);
    if (missing.length) throw new EnvError(`NODE_ENV=production: ConvGrade will not start without\n${missing.join('\n')}`);
    if (env.DEMO_SEED && source.DEMO_SEED) notes.push('DEMO_SEED is ignored in production: no demo accounts are created.');
    // Workers report grades through Redis: without a password, anyone who reaches it can write grades.
    if (source.REDIS_URL && !new URL(env.REDIS_URL).password) {
      notes.push('warning: REDIS_URL has no password; whoever reaches that Redis can write grades (see "Running in production" in the README).');
    }
    return {
      production: true,
      host: env.HOST,
      port: env.PORT,
      siteUrl: env.NEXTAUTH_URL!,
      childEnv: { NEXTAUTH_SECRET: env.NEXTAUTH_SECRET!, NEXTAUTH_URL: env.NEXTAUTH_URL!, DEMO_SEED: '0' },
      demoInstructorPassword: null,
      notes,
    };
  }
  if (source.HOST && source.HOST !== '127.0.0.1') notes.push(`HOST=${source.HOST} is ignored by the local quick start (it listens on 127.0.0.1 only); set NODE_ENV=production to serve other machines.`);
  const siteUrl = env.NEXTAUTH_URL ?? `http://localhost:${env.PORT}`;
  return {
    production: false,
    host: '127.0.0.1',
    port: env.PORT,
    siteUrl,
    childEnv: { NEXTAUTH_SECRET: env.NEXTAUTH_SECRET ?? localAuthSecret(env.DATA_DIR), NEXTAUTH_URL: siteUrl },
    demoInstructorPassword: env.DEMO_SEED ? demoInstructorPassword(env.DATA_DIR) : null,
    notes,
  };
}

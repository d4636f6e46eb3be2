import path from 'node:path';
import { z } from 'zod';
import { localAuthSecret } from './local-secret';

// Every environment variable ConvGrade reads, with embedded defaults so the
// platform runs locally with none set. A bad value fails at start-up with the
// variable's name and what was expected.

const bool = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no'])
  .transform((v) => v === '1' || v === 'true' || v === 'yes');

export const ZEnv = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  DATA_DIR: z.string().min(1).default('data'),
  /**
   * file:<path> for SQLite (relative to the working directory), or
   * postgresql://user:password@host:port/db for PostgreSQL
   */
  DATABASE_URL: z
    .string()
    .regex(/^(file:|postgres(ql)?:\/\/)/, 'must be file:data/convgrade.db (SQLite) or postgresql://user:password@host:5432/db')
    .optional(),
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must look like redis://host:port').default('redis://127.0.0.1:6379'),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  /** where a production start listens (the local quick start always listens on 127.0.0.1) */
  HOST: z.string().min(1).default('127.0.0.1'),
  /**
   * Node processes of the web server on this node, sharing its port
   * (scripts/web-server.ts); one process uses at most one core
   */
  WEB_PROCESSES: z.coerce.number().int().min(1).max(64).default(1),
  NEXTAUTH_URL: z.string().url().optional(),
  NEXTAUTH_SECRET: z.string().min(32, 'must be at least 32 characters (e.g. openssl rand -base64 32)').optional(),
  SIGNUP_MODE: z.enum(['open', 'invite', 'closed']).default('open'),
  /** at least 12 characters: a short code falls to guessing even at the per-address rate limit */
  INVITE_CODE: z.string().min(12, 'must be at least 12 characters').optional(),
  GITHUB_ID: z.string().optional(),
  GITHUB_SECRET: z.string().optional(),
  GOOGLE_ID: z.string().optional(),
  GOOGLE_SECRET: z.string().optional(),
  /** which queues this worker serves: a GPU box may run only "train" */
  WORKER_QUEUES: z
    .string()
    .default('grade,train')
    .transform((s) => s.split(',').map((q) => q.trim()).filter(Boolean))
    .pipe(z.array(z.enum(['grade', 'train'])).min(1)),
  GRADE_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
  TRAIN_CONCURRENCY: z.coerce.number().int().min(1).max(8).default(1),
  /** how long a worker's job lock lasts; a killed worker's job is retried after about this long */
  WORKER_LOCK_MS: z.coerce.number().int().min(500).default(30_000),
  WORKER_STALLED_INTERVAL_MS: z.coerce.number().int().min(500).default(30_000),
  /** auto | gpu (tfjs-node-gpu on a GPU, else refuse to start) | tensorflow | cpu; see worker/train/backend.ts */
  TRAIN_BACKEND: z.enum(['auto', 'gpu', 'tensorflow', 'cpu'], { message: 'must be auto, gpu, tensorflow or cpu' }).default('auto'),
  /** threads of the native training kernels per job (OpenBLAS); 1 keeps one job on one core */
  TRAIN_THREADS: z.coerce.number().int().min(1).max(64).default(1),
  /** a queued/running submission older than this is checked by the reconciler */
  RECONCILE_AFTER_SECONDS: z.coerce.number().int().min(1).default(120),
  RECONCILE_INTERVAL_SECONDS: z.coerce.number().int().min(1).default(30),
  /**
   * a training job still running this long after a worker took it is presumed
   * stuck and its submission failed by the reconciler; keep it above every
   * model exercise's budgets.maxSeconds (default 600) plus evaluation time
   */
  TRAIN_TIMEOUT_SECONDS: z.coerce.number().int().min(10).default(3600),
  DEMO_SEED: bool.default(true),
  /** bearer token for GET /metrics (Prometheus); unset, the endpoint is off */
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  /** the course's weeks and checklist; default content/course.yaml */
  COURSE_FILE: z.string().min(1).optional(),
  /** the exercise folders; default exercises/ */
  EXERCISES_DIR: z.string().min(1).optional(),
  /** where the sandbox makes its cgroups (cgroup v1: memory/, pids/, cpu/, cpuacct/ below it) */
  CONVGRADE_CGROUP_ROOT: z.string().min(1).default('/sys/fs/cgroup'),
  /** the unprivileged user (and group of the same name) boxes run as; scripts/sandbox-user.sh creates it */
  CONVGRADE_SANDBOX_USER: z.string().regex(/^[a-z_][a-z0-9_-]*$/, 'must be a user name').default('convgrade-box'),
});
export type Env = z.infer<typeof ZEnv>;

export class EnvError extends Error {}

export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
  // Empty strings mean "not set", as in most .env files.
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = ZEnv.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => {
      const name = String(i.path[0] ?? '');
      return `  ${name}=${JSON.stringify(source[name] ?? '')}: ${i.message}`;
    });
    throw new EnvError(`Invalid environment configuration:\n${lines.join('\n')}`);
  }
  if (parsed.data.SIGNUP_MODE === 'invite' && !parsed.data.INVITE_CODE) {
    throw new EnvError('Invalid environment configuration:\n  SIGNUP_MODE=invite needs INVITE_CODE to be set');
  }
  return parsed.data;
}

/**
 * One variable, parsed by its entry in the same schema, read when called.
 * For modules that need a single setting (the exercise loader, the sandbox,
 * the training backend): an unrelated bad variable does not stop them, and a
 * test may change the variable between calls.
 */
export function envValue<K extends keyof Env>(name: K, source: Record<string, string | undefined> = process.env): Env[K] {
  const raw = source[name];
  const parsed = (ZEnv.shape[name] as z.ZodType).safeParse(raw === '' ? undefined : raw);
  if (!parsed.success) {
    throw new EnvError(`Invalid environment configuration:\n  ${name}=${JSON.stringify(raw ?? '')}: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  }
  return parsed.data as Env[K];
}

let cached: Env | undefined;
export function env(): Env {
  return (cached ??= parseEnv());
}

/** The database URL: DATABASE_URL, or the SQLite file <DATA_DIR>/convgrade.db. */
export function databaseFileUrl(e: Env = env()): string {
  if (e.DATABASE_URL) return e.DATABASE_URL;
  return `file:${path.resolve(e.DATA_DIR, 'convgrade.db')}`;
}

export type DatabaseProvider = 'sqlite' | 'postgresql';

/** Which schema, migrations and driver adapter the database URL needs. */
export function databaseProvider(url: string = databaseFileUrl()): DatabaseProvider {
  return /^postgres(ql)?:\/\//.test(url) ? 'postgresql' : 'sqlite';
}

export type OAuthProvider = 'github' | 'google';

/**
 * OAuth providers that are switched on. A provider needs both its id and its
 * secret: with only the id, the button would lead to a provider error page.
 */
export function oauthProviders(e: Env = env()): { id: OAuthProvider; clientId: string; clientSecret: string }[] {
  const out: { id: OAuthProvider; clientId: string; clientSecret: string }[] = [];
  if (e.GITHUB_ID && e.GITHUB_SECRET) out.push({ id: 'github', clientId: e.GITHUB_ID, clientSecret: e.GITHUB_SECRET });
  if (e.GOOGLE_ID && e.GOOGLE_SECRET) out.push({ id: 'google', clientId: e.GOOGLE_ID, clientSecret: e.GOOGLE_SECRET });
  return out;
}

/**
 * next-auth's secret. A production process (next start included) must be
 * given NEXTAUTH_SECRET; `npm start` passes the data folder's own random one.
 * `next dev` and tests use that file directly.
 */
export function authSecret(e: Env = env()): string {
  if (e.NEXTAUTH_SECRET) return e.NEXTAUTH_SECRET;
  if (e.NODE_ENV === 'production') {
    throw new EnvError('NEXTAUTH_SECRET must be set in production (at least 32 characters, e.g. openssl rand -base64 32)');
  }
  return localAuthSecret(e.DATA_DIR);
}

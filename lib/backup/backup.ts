import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { databaseProvider } from '../env';

// Backups of the whole database, online: SQLite's backup API copies a
// consistent snapshot while the platform keeps writing (WAL included);
// PostgreSQL goes through pg_dump's custom format and pg_restore.

const run = promisify(execFile);
const SQLITE_MAGIC = Buffer.from('SQLite format 3\0');
const PGDUMP_MAGIC = Buffer.from('PGDMP');

export class BackupError extends Error {}

function sqlitePath(url: string): string {
  const p = url.replace(/^file:/, '').replace(/\?.*$/, '');
  return path.resolve(p);
}

/**
 * libpq connection settings from a DATABASE_URL: the password travels in the
 * environment, not on a command line other users can read in `ps`, and
 * Prisma-only query parameters (schema, connection_limit...) are left out.
 */
export function pgConnection(url: string): { args: string[]; env: NodeJS.ProcessEnv; schema?: string } {
  const u = new URL(url);
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (u.password) env.PGPASSWORD = decodeURIComponent(u.password);
  const args = [`--host=${u.hostname || 'localhost'}`, `--port=${u.port || '5432'}`, `--dbname=${decodeURIComponent(u.pathname.slice(1))}`];
  if (u.username) args.push(`--username=${decodeURIComponent(u.username)}`);
  const sslmode = u.searchParams.get('sslmode');
  if (sslmode) env.PGSSLMODE = sslmode;
  return { args, env, schema: u.searchParams.get('schema') ?? undefined };
}

function startsWith(file: string, magic: Buffer): boolean {
  const fd = fs.openSync(file, 'r');
  try {
    const head = Buffer.alloc(magic.length);
    fs.readSync(fd, head, 0, magic.length, 0);
    return head.equals(magic);
  } finally {
    fs.closeSync(fd);
  }
}

async function tool(name: string, args: string[], env: NodeJS.ProcessEnv) {
  try {
    await run(name, args, { env, maxBuffer: 16 * 1024 * 1024 });
  } catch (e) {
    const err = e as NodeJS.ErrnoException & { stderr?: string };
    if (err.code === 'ENOENT') throw new BackupError(`${name} is not installed (Debian: apt-get install postgresql-client)`);
    throw new BackupError(`${name} failed: ${(err.stderr ?? err.message).trim()}`);
  }
}

export async function backupDatabase(opts: { url: string; file: string }): Promise<{ bytes: number }> {
  const file = path.resolve(opts.file);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  // Written beside the target, then renamed: a failed backup leaves no half file under the real name.
  const partial = `${file}.partial-${process.pid}`;
  try {
    if (databaseProvider(opts.url) === 'postgresql') {
      const { args, env, schema } = pgConnection(opts.url);
      const only = schema ? [`--schema=${schema}`] : [];
      await tool('pg_dump', ['--format=custom', '--no-owner', '--no-privileges', ...only, `--file=${partial}`, ...args], env);
    } else {
      const source = sqlitePath(opts.url);
      if (!fs.existsSync(source)) throw new BackupError(`no SQLite database at ${source}`);
      const db = new Database(source, { readonly: true, fileMustExist: true });
      try {
        await db.backup(partial);
      } finally {
        db.close();
      }
    }
    fs.renameSync(partial, file);
  } finally {
    fs.rmSync(partial, { force: true });
  }
  return { bytes: fs.statSync(file).size };
}

/** Replaces the database's contents with the backup's. Stop the platform first. */
export async function restoreDatabase(opts: { url: string; file: string }): Promise<void> {
  const file = path.resolve(opts.file);
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) throw new BackupError(`no backup file at ${file}`);
  const postgres = databaseProvider(opts.url) === 'postgresql';
  if (postgres && !startsWith(file, PGDUMP_MAGIC)) {
    throw new BackupError(`${file} is not a pg_dump custom-format backup (the database is PostgreSQL)`);
  }
  if (!postgres && !startsWith(file, SQLITE_MAGIC)) {
    throw new BackupError(`${file} is not a SQLite backup (the database is SQLite)`);
  }
  if (postgres) {
    const { args, env } = pgConnection(opts.url);
    // --clean drops what the backup recreates; one transaction: all or nothing.
    await tool('pg_restore', ['--clean', '--if-exists', '--no-owner', '--no-privileges', '--single-transaction', '--exit-on-error', ...args, file], env);
    return;
  }
  const backup = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const check = backup.pragma('integrity_check', { simple: true });
    if (check !== 'ok') throw new BackupError(`${file} is damaged: ${String(check)}`);
    const migrations = backup.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = '_prisma_migrations'").get() as { n: number };
    if (!migrations.n) throw new BackupError(`${file} is a SQLite file but not a ConvGrade database`);
    // The backup API writes into the live file through SQLite, so its WAL and locks stay coherent.
    const target = sqlitePath(opts.url);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    await backup.backup(target);
  } finally {
    backup.close();
  }
}

import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { createDb, type Db } from '../../lib/db';

// A real database per call, on the provider CI runs the file with: SQLite by
// default, PostgreSQL when CONVGRADE_TEST_POSTGRES_URL names a cluster
// (scripts/test-postgres.sh starts a throwaway one). Migrations are applied
// once to a template by `prisma migrate deploy`, as the start script does,
// then copied.

/** The PostgreSQL cluster to test on (its maintenance database), if any. */
export const testPostgresUrl = process.env.CONVGRADE_TEST_POSTGRES_URL || undefined;
export const testDbProvider: 'sqlite' | 'postgresql' = testPostgresUrl ? 'postgresql' : 'sqlite';

function migrateDeploy(url: string) {
  execFileSync(process.execPath, [path.resolve('node_modules/prisma/build/index.js'), 'migrate', 'deploy'], {
    env: { ...process.env, DATABASE_URL: url },
    stdio: 'pipe',
  });
}

let template: string | undefined;

function migratedTemplate(): string {
  if (template && fs.existsSync(template)) return template;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'convgrade-db-'));
  const file = path.join(dir, 'template.db');
  migrateDeploy(`file:${file}`);
  template = file;
  return file;
}

export function testDbFile(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'convgrade-testdb-'));
  const file = path.join(dir, 'test.db');
  fs.copyFileSync(migratedTemplate(), file);
  return file;
}

/** The URL of database `name` on the test cluster. */
export function postgresDatabaseUrl(name: string, base = testPostgresUrl!): string {
  const u = new URL(base);
  u.pathname = `/${name}`;
  return u.toString();
}

// psql keeps this synchronous, like the SQLite copy: tests create databases at module level.
function psql(cluster: string, sql: string) {
  execFileSync('psql', [cluster, '-v', 'ON_ERROR_STOP=1', '-qAt', '-c', sql], { stdio: 'pipe' });
}

const databaseExists = (cluster: string, name: string) =>
  execFileSync('psql', [cluster, '-qAt', '-c', `SELECT 1 FROM pg_database WHERE datname = '${name}'`], { encoding: 'utf8' }).trim() === '1';

const pgTemplates = new Map<string, string>();

/**
 * One migrated template per set of migrations, shared by every test process:
 * each builds under its own name and renames it into place, so a race costs
 * only duplicated work, never a half-migrated template.
 */
function postgresTemplate(cluster: string): string {
  const known = pgTemplates.get(cluster);
  if (known) return known;
  const hash = crypto.createHash('sha256');
  const dir = path.join('prisma', 'postgres', 'migrations');
  for (const m of fs.readdirSync(dir).sort()) {
    const f = path.join(dir, m, 'migration.sql');
    if (fs.existsSync(f)) hash.update(m).update(fs.readFileSync(f));
  }
  const name = `convgrade_tpl_${hash.digest('hex').slice(0, 16)}`;
  if (!databaseExists(cluster, name)) {
    const building = `${name}_${process.pid}_${crypto.randomBytes(3).toString('hex')}`;
    psql(cluster, `CREATE DATABASE ${building}`);
    migrateDeploy(postgresDatabaseUrl(building, cluster));
    try {
      psql(cluster, `ALTER DATABASE ${building} RENAME TO ${name}`);
    } catch {
      psql(cluster, `DROP DATABASE ${building}`); // another process finished first
    }
  }
  pgTemplates.set(cluster, name);
  return name;
}

/** A fresh, migrated database on a cluster (default: the test cluster); returns its URL. */
export function testPostgresDatabase(cluster: string = testPostgresUrl!): string {
  const template = postgresTemplate(cluster);
  const name = `convgrade_test_${crypto.randomBytes(6).toString('hex')}`;
  // Two copies of one template at the same instant can collide on its lock: retry.
  for (let attempt = 0; ; attempt++) {
    try {
      psql(cluster, `CREATE DATABASE ${name} TEMPLATE ${template}`);
      return postgresDatabaseUrl(name, cluster);
    } catch (e) {
      if (attempt >= 20) throw e;
      execFileSync('sleep', ['0.2']);
    }
  }
}

export function createTestDb(): { db: Db; url: string } {
  const url = testPostgresUrl ? testPostgresDatabase() : `file:${testDbFile()}`;
  return { db: createDb(url), url };
}

/**
 * A PostgreSQL cluster for tests that are about PostgreSQL whichever pass runs
 * them: the test cluster if there is one, else a throwaway one started here
 * (scripts/postgres-cluster.sh). Call stop() when done.
 */
export function postgresCluster(): { url: string; stop(): void } {
  if (testPostgresUrl) return { url: testPostgresUrl, stop: () => {} };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'convgrade-pg-'));
  const url = execFileSync('bash', ['scripts/postgres-cluster.sh', 'start', dir], { encoding: 'utf8' }).trim();
  return { url, stop: () => execFileSync('bash', ['scripts/postgres-cluster.sh', 'stop', dir]) };
}

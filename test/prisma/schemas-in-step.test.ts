import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { schemaBody } from '../../scripts/lib/postgres-schema';

// SQLite and PostgreSQL need a schema file and a migrations folder each
// (Prisma allows no env() in `provider`): they must describe the same models,
// and every SQLite migration must have its PostgreSQL twin.

const read = (f: string) => fs.readFileSync(f, 'utf8');
const migrations = (dir: string) =>
  fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(dir, d.name, 'migration.sql')))
    .map((d) => d.name)
    .sort();

describe('the PostgreSQL schema', () => {
  it('has the same models as the SQLite schema', () => {
    expect(schemaBody(read('prisma/postgres/schema.prisma'))).toBe(schemaBody(read('prisma/schema.prisma')));
  });

  it('uses the postgresql provider and its own client', () => {
    const pg = read('prisma/postgres/schema.prisma');
    expect(pg).toMatch(/provider\s*=\s*"postgresql"/);
    expect(pg).toMatch(/output\s*=\s*"..\/..\/lib\/generated\/prisma-postgres"/);
    expect(read('prisma/postgres/migrations/migration_lock.toml')).toMatch(/provider = "postgresql"/);
  });

  it('has one migration for each SQLite migration, with the same name', () => {
    const sqlite = migrations('prisma/migrations');
    expect(sqlite.length).toBeGreaterThan(0);
    expect(migrations('prisma/postgres/migrations')).toEqual(sqlite);
  });

  it('has migrations that create every model table', () => {
    const sql = migrations('prisma/postgres/migrations')
      .map((m) => read(path.join('prisma/postgres/migrations', m, 'migration.sql')))
      .join('\n');
    const models = [...read('prisma/schema.prisma').matchAll(/^model (\w+) \{/gm)].map((m) => m[1]);
    for (const model of models) expect(sql).toContain(`CREATE TABLE "${model}"`);
  });
});

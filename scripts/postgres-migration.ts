import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { postgresSchemaFrom } from './lib/postgres-schema';

// Mirrors a new SQLite migration for PostgreSQL, offline:
//   npx tsx scripts/postgres-migration.ts <migration-name>
// Rewrites prisma/postgres/schema.prisma from prisma/schema.prisma (same
// models, PostgreSQL datasource), then writes
// prisma/postgres/migrations/<name>/migration.sql with `prisma migrate diff`
// from the previous PostgreSQL schema to the new one. `migrate dev` needs a
// shadow database, which the driver adapter cannot provide.

const name = process.argv[2];
if (!name || !/^\d{4}_[a-z0-9_]+$/.test(name)) {
  console.error('usage: npx tsx scripts/postgres-migration.ts <NNNN_name> (the SQLite migration folder name)');
  process.exit(2);
}
const schemaFile = path.join('prisma', 'postgres', 'schema.prisma');
const migrationDir = path.join('prisma', 'postgres', 'migrations', name);
if (fs.existsSync(migrationDir)) {
  console.error(`${migrationDir} already exists`);
  process.exit(1);
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'convgrade-pgmig-'));
const previous = path.join(tmp, 'previous.prisma');
const hadPrevious = fs.existsSync(schemaFile);
if (hadPrevious) fs.copyFileSync(schemaFile, previous);
fs.writeFileSync(schemaFile, postgresSchemaFrom(fs.readFileSync(path.join('prisma', 'schema.prisma'), 'utf8')));

const from = hadPrevious ? ['--from-schema-datamodel', previous] : ['--from-empty'];
const sql = execFileSync(
  process.execPath,
  [path.resolve('node_modules/prisma/build/index.js'), 'migrate', 'diff', ...from, '--to-schema-datamodel', schemaFile, '--script'],
  // diff compares the two files; a throwaway SQLite URL keeps the config's adapter from connecting anywhere.
  { env: { ...process.env, DATABASE_URL: process.env.DATABASE_URL ?? 'file:' + path.join(tmp, 'diff.db') }, encoding: 'utf8' },
);
fs.mkdirSync(migrationDir, { recursive: true });
fs.writeFileSync(path.join(migrationDir, 'migration.sql'), sql);
fs.rmSync(tmp, { recursive: true, force: true });
console.log(`wrote ${schemaFile} and ${path.join(migrationDir, 'migration.sql')}`);

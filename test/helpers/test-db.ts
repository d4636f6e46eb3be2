import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { createDb, type Db } from '../../lib/db';

// A real SQLite database per test file: migrations are applied once to a
// template (by `prisma migrate deploy`, as the start script does), then copied.
let template: string | undefined;

function migratedTemplate(): string {
  if (template && fs.existsSync(template)) return template;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'convgrade-db-'));
  const file = path.join(dir, 'template.db');
  execFileSync(process.execPath, [path.resolve('node_modules/prisma/build/index.js'), 'migrate', 'deploy'], {
    env: { ...process.env, DATABASE_URL: `file:${file}` },
    stdio: 'pipe',
  });
  template = file;
  return file;
}

export function testDbFile(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'convgrade-testdb-'));
  const file = path.join(dir, 'test.db');
  fs.copyFileSync(migratedTemplate(), file);
  return file;
}

export function createTestDb(): { db: Db; url: string } {
  const url = `file:${testDbFile()}`;
  return { db: createDb(url), url };
}

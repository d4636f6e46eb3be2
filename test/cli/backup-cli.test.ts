import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDb, testDbProvider } from '../helpers/test-db';

// `convgrade backup` and `convgrade restore` as an operator runs them, against
// a real database (SQLite here, PostgreSQL in CI's second pass).

const execP = promisify(execFile);
const { db, url } = createTestDb();
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'convgrade-backup-'));
afterAll(async () => {
  await db.$disconnect();
  fs.rmSync(tmp, { recursive: true, force: true });
});

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  try {
    const r = await execP(process.execPath, ['bin/convgrade.js', ...args], { env: { ...process.env, DATABASE_URL: url } });
    return { code: 0, out: r.stdout, err: r.stderr };
  } catch (e) {
    const x = e as { code: number; stdout: string; stderr: string };
    return { code: x.code, out: x.stdout, err: x.stderr };
  }
}

const emails = async () => (await db.user.findMany({ orderBy: { email: 'asc' } })).map((u) => u.email);

describe(`convgrade backup and restore (${testDbProvider})`, () => {
  const file = path.join(tmp, 'convgrade.backup');

  it('round-trips the database: what changed after the backup is undone by the restore', async () => {
    const kept = await db.user.create({ data: { email: 'kept@example.org', name: 'Kept' } });
    await db.course.create({ data: { slug: 'c', title: 'Course', weeks: { create: { number: 1, title: 'Week 1' } } } });

    const b = await cli('backup', file);
    expect(b.err).toBe('');
    expect(b.code).toBe(0);
    expect(b.out).toMatch(new RegExp(`backed up the ${testDbProvider} database`));
    expect(fs.statSync(file).size).toBeGreaterThan(0);

    await db.user.delete({ where: { id: kept.id } });
    await db.user.create({ data: { email: 'later@example.org', name: 'Later' } });
    await db.course.update({ where: { slug: 'c' }, data: { title: 'Renamed' } });
    expect(await emails()).toEqual(['later@example.org']);

    const r = await cli('restore', file);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(await emails()).toEqual(['kept@example.org']);
    const course = await db.course.findUniqueOrThrow({ where: { slug: 'c' }, include: { weeks: true } });
    expect(course.title).toBe('Course');
    expect(course.weeks.map((w) => w.title)).toEqual(['Week 1']);
    // migrations history comes back too, so the next start's migrate deploy has nothing to redo
    const migrations = await db.$queryRawUnsafe<{ n: number | bigint }[]>('SELECT count(*) AS n FROM "_prisma_migrations"');
    expect(Number(migrations[0].n)).toBe(fs.readdirSync('prisma/migrations').filter((m) => /^\d{4}_/.test(m)).length);
  });

  it('does not overwrite an existing file unless told to', async () => {
    fs.writeFileSync(path.join(tmp, 'taken'), 'keep me');
    const r = await cli('backup', path.join(tmp, 'taken'));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/exists; pass --force/);
    expect(fs.readFileSync(path.join(tmp, 'taken'), 'utf8')).toBe('keep me');
    expect((await cli('backup', path.join(tmp, 'taken'), '--force')).code).toBe(0);
  });

  it('refuses to restore a file that is not a backup of this kind of database, and changes nothing', async () => {
    const before = await emails();
    fs.writeFileSync(path.join(tmp, 'junk'), 'not a backup at all');
    const r = await cli('restore', path.join(tmp, 'junk'));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/is not a (SQLite|pg_dump custom-format) backup/);
    expect((await cli('restore', path.join(tmp, 'missing'))).err).toMatch(/no backup file/);
    expect(await emails()).toEqual(before);
  });

  it('explains its usage', async () => {
    const r = await cli('backup');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/usage: convgrade backup <file>/);
  });
});

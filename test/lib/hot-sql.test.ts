import { beforeEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { createTestDb, testDbFile, testDbProvider } from '../helpers/test-db';
import { makeExercise, makeUser } from '../helpers/fixtures';
import { createDb, isUniqueViolation, openSqliteConnection, type Db } from '../../lib/db';
import { hotSql } from '../../lib/hot-sql';
import { insertSubmission } from '../../lib/submissions/submit-queries';

let db: Db;
let userId: string;
beforeEach(async () => {
  db = createTestDb().db;
  userId = (await makeUser(db)).id;
  await makeExercise(db);
});

const row = (at: Date) => ({ userId, exerciseId: 'conv3x3', exerciseVersion: 'v1', kind: 'code' as const, language: 'python', payload: 'x = 1', status: 'queued' as const, latePenalty: 0.25, attemptSeq: 1, createdAt: at, sentTo: 'grade' });

describe('the submit path statements (lib/hot-sql.ts)', () => {
  it('on SQLite, once Prisma is connected, go to its own connection', async () => {
    await db.user.count();
    expect(openSqliteConnection(db) !== null).toBe(testDbProvider === 'sqlite');
  });

  it('read dates and booleans back as the model API does, joins and aliases included', async () => {
    const deadline = new Date('2026-12-24T16:59:59.000Z');
    await db.exercise.update({ where: { id: 'conv3x3' }, data: { deadline, archived: true } });
    await db.extension.create({ data: { userId, exerciseId: 'conv3x3', deadline: new Date('2026-12-25T10:00:00.000Z') } });
    const [raw] = await hotSql(db).rows<{ deadline: Date; archived: boolean; updatedAt: Date; extensionDeadline: Date; points: number }>`
      SELECT e.deadline, e.archived, e."updatedAt", e.points, x.deadline AS "extensionDeadline"
      FROM "Exercise" e LEFT JOIN "Extension" x ON x."exerciseId" = e.id AND x."userId" = ${userId} WHERE e.id = ${'conv3x3'}`;
    const model = await db.exercise.findUniqueOrThrow({ where: { id: 'conv3x3' } });
    expect(raw).toEqual({ deadline, archived: true, updatedAt: model.updatedAt, points: 10, extensionDeadline: new Date('2026-12-25T10:00:00.000Z') });
    const [none] = await hotSql(db).rows<{ maxAttempts: number | null; archived: boolean }>`SELECT "maxAttempts", archived FROM "Exercise" WHERE id = ${'conv3x3'} AND archived = ${true}`;
    expect(none).toEqual({ maxAttempts: null, archived: true });
  });

  it('write rows the model API reads back unchanged', async () => {
    const at = new Date('2026-12-04T20:15:30.123Z');
    const { id } = await insertSubmission(db, row(at));
    const s = await db.submission.findUniqueOrThrow({ where: { id } });
    expect(s).toMatchObject({ createdAt: at, updatedAt: at, enqueuedAt: at, enqueueCount: 1, queue: 'grade', latePenalty: 0.25, attemptSeq: 1, chosen: false, gradable: null, mode: 'submit' });
    expect(await hotSql(db).run`UPDATE "Submission" SET chosen = ${true} WHERE id = ${id}`).toBe(1);
    expect((await db.submission.findUniqueOrThrow({ where: { id } })).chosen).toBe(true);
  });

  it('a taken attempt number is a unique violation the submit path recognises', async () => {
    await insertSubmission(db, row(new Date()));
    const err = await insertSubmission(db, row(new Date())).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect(isUniqueViolation(err)).toBe(true);
    expect(isUniqueViolation(new Error('disk I/O error'))).toBe(false);
  });
});

describe('a write while another process holds SQLite\'s write lock', () => {
  it('waits without stopping the server: other work goes on, and the write lands once the lock is free', async () => {
    const file = testDbFile(); // SQLite in either pass: the waiting is SQLite's
    const sqlite = createDb(`file:${file}`);
    const user = await makeUser(sqlite);
    await makeExercise(sqlite);
    const other = new Database(file); // as the recorder's connection would be, in its own process
    other.prepare('BEGIN IMMEDIATE').run();
    const inserting = insertSubmission(sqlite, { ...row(new Date()), userId: user.id });
    let ticks = 0;
    const ticking = setInterval(() => ticks++, 5);
    await new Promise((r) => setTimeout(r, 200));
    // had the insert waited inside better-sqlite3, no timer would have run and the lock could never be released
    expect(ticks).toBeGreaterThan(5);
    expect(await sqlite.submission.count()).toBe(0);
    other.prepare('COMMIT').run();
    const { id } = await inserting;
    clearInterval(ticking);
    expect(await sqlite.submission.findUnique({ where: { id } })).not.toBeNull();
    // Prisma's own statements wait for the lock as before (the connection's busy timeout is restored)
    expect(Number(openSqliteConnection(sqlite)!.pragma('busy_timeout', { simple: true }))).toBe(10_000);
    other.close();
    await sqlite.$disconnect();
  });
});

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTestDb } from '../helpers/test-db';
import { seed } from '../../prisma/seed';
import { hashPassword, verifyPassword } from '../../lib/auth/password';

describe('the seed', () => {
  it('never creates demo accounts with NODE_ENV=production, whatever DEMO_SEED says', async () => {
    const { db, url } = createTestDb();
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'convgrade-seed-'));
    const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'production', DEMO_SEED: '1', DATABASE_URL: url, DATA_DIR: dataDir };
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'prisma/seed.ts'], { env, encoding: 'utf8', timeout: 120_000 });
    expect(r.status, r.stderr).toBe(0);
    expect(await db.exercise.count()).toBeGreaterThan(0);
    expect(await db.user.count()).toBe(0);
    expect(fs.readdirSync(dataDir)).toEqual([]);
    await db.$disconnect();
  });

  it("locally, gives the instructor the data folder's password and replaces the formerly published one", async () => {
    const { db, url } = createTestDb();
    await db.user.create({ data: { email: 'instructor@convgrade.local', name: 'Demo Instructor', role: 'instructor', passwordHash: await hashPassword('instructor-demo') } });
    await seed({ demo: true, instructorPassword: 'random-from-the-data-folder', url });
    const u = await db.user.findUniqueOrThrow({ where: { email: 'instructor@convgrade.local' } });
    expect(await verifyPassword('instructor-demo', u.passwordHash)).toBe(false);
    expect(await verifyPassword('random-from-the-data-folder', u.passwordHash)).toBe(true);
    expect(await db.user.count({ where: { role: 'student' } })).toBe(2);
    await db.$disconnect();
  });
});

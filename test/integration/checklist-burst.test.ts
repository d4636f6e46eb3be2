import { spawn } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestDb } from '../helpers/test-db';
import { makeSubmission, makeUser } from '../helpers/fixtures';
import { syncContent } from '../../lib/sync/sync-content';
import { markRunning } from '../../lib/queue/recorder';
import type { Db } from '../../lib/db';

// A burst of full-score results on one SQLite file, written by several
// recorder processes at once (two of them record the same submissions, as two
// services nodes or a listener and the reconciler would) while this process
// keeps writing too, as the web server does. Every submission ends with one
// result and every student with the tick of the item linked to the exercise:
// a result and its tick are one transaction, and WAL plus a busy timeout make
// the writers wait for each other instead of failing.

let db: Db;
let url: string;
beforeAll(async () => {
  ({ db, url } = createTestDb());
  await syncContent({ db });
  const week = await db.week.findFirstOrThrow();
  await db.checklistItem.create({ data: { weekId: week.id, key: 'ui-burst-conv3x3', title: 'Conv3x3 at full score', exerciseId: 'conv3x3' } });
});

function recorder(ids: string[]): Promise<{ outcomes: Record<string, number>; errors: string[] }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/integration/fixtures/record-results.ts', ...ids], {
      env: { ...process.env, DATABASE_URL: url },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.once('exit', (code) => {
      if (code !== 0) return reject(new Error(`recorder exited ${code}: ${err}`));
      resolve(JSON.parse(out.trim().split('\n').pop()!));
    });
  });
}

describe('a burst of results on SQLite', () => {
  it('loses no checklist tick and records each result once', async () => {
    const students = 60;
    const subs: { id: string; userId: string }[] = [];
    for (let i = 0; i < students; i++) {
      const u = await makeUser(db);
      subs.push(await makeSubmission(db, { userId: u.id, exerciseId: 'conv3x3' }));
    }
    const ids = subs.map((s) => s.id);
    const half = Math.ceil(ids.length / 2);
    // This process writes at the same time, as a busy web server would:
    // status updates and new rows, one every few milliseconds.
    let stop = false;
    const webLike = (async () => {
      let n = 0;
      while (!stop) {
        const s = subs[n++ % students]!;
        await markRunning({ db, submissionId: s.id, run: 1 });
        await makeSubmission(db, { userId: s.userId, exerciseId: 'conv3x3' });
        await new Promise((r) => setTimeout(r, 5));
      }
      return n;
    })();
    const reports = await Promise.all([recorder(ids.slice(0, half)), recorder(ids.slice(half)), recorder(ids), recorder([...ids].reverse())]);
    stop = true;
    expect(await webLike).toBeGreaterThan(0);

    expect(reports.flatMap((r) => r.errors)).toEqual([]);
    const recorded = reports.reduce((n, r) => n + (r.outcomes.recorded ?? 0), 0);
    const duplicate = reports.reduce((n, r) => n + (r.outcomes.duplicate ?? 0), 0);
    // each id was reported three times (its half, all, all reversed): once recorded, twice a duplicate
    expect(recorded).toBe(students);
    expect(duplicate).toBe(2 * students);

    const item = await db.checklistItem.findFirstOrThrow({ where: { key: 'ui-burst-conv3x3' } });
    const ticked = await db.checklistProgress.findMany({ where: { itemId: item.id } });
    expect(new Set(ticked.map((t) => t.userId))).toEqual(new Set(subs.map((s) => s.userId)));
    for (const s of subs) {
      expect(await db.result.count({ where: { submissionId: s.id } })).toBe(1);
      expect((await db.submission.findUniqueOrThrow({ where: { id: s.id } })).status).toBe('graded');
    }
  }, 180_000);
});

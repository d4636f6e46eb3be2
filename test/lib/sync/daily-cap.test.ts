import { describe, expect, it } from 'vitest';
import { createTestDb } from '../../helpers/test-db';
import { syncContent } from '../../../lib/sync/sync-content';
import { loadAllExercises } from '../../../lib/exercises/load';
import { ZExerciseMeta } from '../../../lib/exercises/schema';

// "Default 5 per day": a model exercise whose YAML omits dailyCap must get the
// schema's 5 in the database (what submit enforces), not null (unlimited).
describe('content sync: daily cap', () => {
  const all = loadAllExercises();
  const withoutCap = all.map((e) => {
    if (e.meta.id !== 'mnist-challenge') return e;
    const { dailyCap: _omitted, ...settings } = e.meta.settings as Record<string, unknown>;
    return { ...e, meta: ZExerciseMeta.parse({ ...e.meta, settings }) };
  });

  it('a model exercise without dailyCap in its YAML gets the default of 5; other kinds stay unlimited', async () => {
    const { db } = createTestDb();
    await syncContent({ db, exercises: withoutCap });
    expect((await db.exercise.findUniqueOrThrow({ where: { id: 'mnist-challenge' } })).dailyCap).toBe(5);
    expect((await db.exercise.findUniqueOrThrow({ where: { id: 'conv3x3' } })).dailyCap).toBeNull();
  });

  it("a later sync keeps the cap the instructor set (or removed) in the web settings", async () => {
    const { db } = createTestDb();
    await syncContent({ db, exercises: withoutCap });
    await db.exercise.update({ where: { id: 'mnist-challenge' }, data: { dailyCap: 2 } });
    await syncContent({ db, exercises: withoutCap });
    expect((await db.exercise.findUniqueOrThrow({ where: { id: 'mnist-challenge' } })).dailyCap).toBe(2);
    await db.exercise.update({ where: { id: 'mnist-challenge' }, data: { dailyCap: null } });
    await syncContent({ db, exercises: all });
    expect((await db.exercise.findUniqueOrThrow({ where: { id: 'mnist-challenge' } })).dailyCap).toBeNull();
  });
});

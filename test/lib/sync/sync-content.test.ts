import { describe, expect, it } from 'vitest';
import { createTestDb } from '../../helpers/test-db';
import { syncContent } from '../../../lib/sync/sync-content';
import { loadAllExercises } from '../../../lib/exercises/load';

describe('content sync', () => {
  it('loads weeks, checklist items and exercises from the files, idempotently', async () => {
    const { db } = createTestDb();
    await syncContent({ db });
    await syncContent({ db });
    const exercises = loadAllExercises();
    expect(await db.exercise.count()).toBe(exercises.length);
    const week1 = await db.week.findFirstOrThrow({ where: { number: 1 }, include: { items: true } });
    expect(week1.items.map((i) => i.title)).toContain('Install all necessary environments');
    // Every exercise has exactly one checklist item linked to it, in its week.
    for (const e of exercises) {
      const items = await db.checklistItem.findMany({ where: { exerciseId: e.meta.id }, include: { week: true } });
      expect(items).toHaveLength(1);
      expect(items[0]!.week.number).toBe(e.meta.week);
    }
    const versions = await db.exerciseVersion.count();
    expect(versions).toBe(exercises.length);
  });

  it('archives an exercise whose folder disappeared, keeping its rows', async () => {
    const { db } = createTestDb();
    const all = loadAllExercises();
    await syncContent({ db, exercises: all });
    await syncContent({ db, exercises: all.filter((e) => e.meta.id !== 'conv3x3') });
    expect((await db.exercise.findUniqueOrThrow({ where: { id: 'conv3x3' } })).archived).toBe(true);
    await syncContent({ db, exercises: all });
    expect((await db.exercise.findUniqueOrThrow({ where: { id: 'conv3x3' } })).archived).toBe(false);
  });
});

import type { Db } from '../../../lib/db';
import type { AuthoredNumericInput } from '../../../lib/authoring';

export { sessionUser } from '../../helpers/fixtures';

/** Every row of every table, for "nothing changed" checks. */
export async function snapshot(db: Db): Promise<string> {
  const tables = await Promise.all([
    db.user.findMany({ orderBy: { id: 'asc' } }),
    db.course.findMany({ orderBy: { id: 'asc' } }),
    db.week.findMany({ orderBy: { id: 'asc' } }),
    db.checklistItem.findMany({ orderBy: { id: 'asc' } }),
    db.checklistProgress.findMany({ orderBy: { id: 'asc' } }),
    db.exercise.findMany({ orderBy: { id: 'asc' } }),
    db.exerciseVersion.findMany({ orderBy: [{ exerciseId: 'asc' }, { version: 'asc' }] }),
    db.exerciseStart.findMany({ orderBy: [{ userId: 'asc' }, { exerciseId: 'asc' }] }),
    db.extension.findMany({ orderBy: { id: 'asc' } }),
    db.submission.findMany({ orderBy: { id: 'asc' } }),
    db.result.findMany({ orderBy: { id: 'asc' } }),
  ]);
  return JSON.stringify(tables);
}

/** An editor exercise: output size of a k×k convolution, stride 1, no padding. */
export function convDef(overrides: Partial<AuthoredNumericInput> = {}): AuthoredNumericInput {
  return {
    id: 'editor-conv-out',
    title: 'Output size (editor)',
    week: 2,
    points: 10,
    prompt: 'Input $n \\times n$ with $n = {{n}}$, kernel $k = {{k}}$. Output size?',
    params: [
      { name: 'n', min: 8, max: 20 },
      { name: 'k', choices: [3, 5] },
    ],
    fields: [{ name: 'out', label: 'Output size', type: 'integer', formula: 'n - k + 1' }],
    ...overrides,
  };
}

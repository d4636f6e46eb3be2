import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { text as streamText } from 'node:stream/consumers';
import { parse } from 'csv-parse/sync';
import { startPlatform, type Platform } from './platform';
import { authoredAnswer, authoredParams, ZAuthoredNumeric } from '../../lib/authoring';
import { variantSeed } from '../../lib/exercises/numeric';

// The demo instructor writes a numeric exercise in the web editor, the demo
// student answers it, and the instructor finds the score in the class
// progress matrix and in the downloaded grade export.

const ID = 'e2e-conv-output';
const TITLE = 'Output of a 3×3 convolution (editor)';

let platform: Platform;
beforeAll(async () => {
  platform = await startPlatform({ redisUrl: `${inject('redisUrl')}/14` });
});
afterAll(async () => {
  await platform?.stop();
});

describe('instructor tools in the browser', () => {
  it('creates a numeric exercise in the editor, with per-field errors and a live preview', async () => {
    const page = await platform.newPage();
    await platform.signIn(page, 'instructor');
    await page.goto('/instructor/editor');
    // An untouched form shows no problems yet; pressing Save on it names every one, as sentences.
    expect(await page.getByTestId('field-error').count()).toBe(0);
    await page.getByRole('button', { name: 'Save exercise' }).click();
    await expect.poll(() => page.getByRole('alert').first().textContent()).toMatch(/^Nothing was saved: \d+ parts of the exercise need fixing/);
    expect(await page.getByTestId('numeric-editor').textContent()).toContain('Title is required.');
    expect(await page.getByTestId('numeric-editor').textContent()).not.toMatch(/Too small|expected string/);
    await page.getByLabel('Exercise id').fill(ID);
    await page.getByLabel('Title').fill(TITLE);
    await page.getByLabel('Week', { exact: true }).fill('1');
    await page.getByLabel('Points').fill('10');
    await page.getByLabel(/^Prompt/).fill('An $n \\times n$ image with $n = {{n}}$ goes through a $3 \\times 3$ convolution, stride 1, no padding. Output size?');
    await page.getByLabel('Parameter 1 name').fill('n');
    await page.getByLabel('Parameter 1 min').fill('6');
    await page.getByLabel('Parameter 1 max').fill('30');
    await page.getByLabel('Answer 1 name').fill('out');
    await page.getByLabel('Answer 1 label').fill('Output size');
    // A formula with an unknown name is reported next to the field and blocks saving.
    await page.getByLabel('Answer 1 formula').fill('n - m + 1');
    await expect.poll(() => page.getByTestId('field-1').getByTestId('field-error').textContent()).toContain('unknown symbol "m"');
    await page.getByRole('button', { name: 'Save exercise' }).click();
    await expect.poll(() => page.getByRole('alert').first().textContent()).toContain('Nothing was saved: 1 part of the exercise needs fixing');
    await page.getByLabel('Answer 1 formula').fill('n - 3 + 1');
    await expect.poll(() => page.getByTestId('field-error').count()).toBe(0);
    // The preview shows a variant's numbers and the expected answer for that seed.
    const shown = await page.getByTestId('preview').getByText(/^Parameters:/).textContent();
    const n = Number(shown?.match(/n = (\d+)/)?.[1]);
    expect(n).toBeGreaterThanOrEqual(6);
    expect(n).toBeLessThanOrEqual(30);
    expect(await page.getByTestId('preview').locator('.markdown').textContent()).toContain(`n=${n}`);
    expect(Number(await page.getByTestId('expected-out').textContent())).toBe(n - 2);
    // Another seed, another variant (the range has 25 values; a few tries make a repeat vanishingly unlikely).
    const seeds = new Set([await page.getByTestId('preview-seed').textContent()]);
    for (let i = 0; i < 3; i++) {
      await page.getByRole('button', { name: 'New random seed' }).click();
      seeds.add(await page.getByTestId('preview-seed').textContent());
    }
    expect(seeds.size).toBeGreaterThan(1);
    await page.getByRole('button', { name: 'Save exercise' }).click();
    await page.waitForURL(new RegExp(`/instructor/editor/${ID}\\?saved=1`));
    const row = await platform.db.exercise.findUniqueOrThrow({ where: { id: ID } });
    expect(row).toMatchObject({ source: 'editor', kind: 'numeric', week: 1, points: 10, title: TITLE });
    expect(await platform.db.checklistItem.count({ where: { exerciseId: ID } })).toBe(1);
  });

  it('the student sees it on the checklist and answers it', async () => {
    const page = await platform.newPage();
    await platform.signIn(page, 'student');
    await page.goto('/');
    await page.getByRole('link', { name: `Complete “${TITLE}”` }).click();
    await page.waitForURL(new RegExp(`/exercises/${ID}$`));
    expect(await page.getByTestId('attempts-left').textContent()).toBe('unlimited attempts');
    const student = await platform.db.user.findUniqueOrThrow({ where: { email: 'student@convgrade.local' } });
    const ex = await platform.db.exercise.findUniqueOrThrow({ where: { id: ID } });
    const start = await platform.db.exerciseStart.findUniqueOrThrow({ where: { userId_exerciseId: { userId: student.id, exerciseId: ID } } });
    expect(start.version).toBe(ex.version);
    const stored = await platform.db.exerciseVersion.findUniqueOrThrow({ where: { exerciseId_version: { exerciseId: ID, version: ex.version } } });
    const def = ZAuthoredNumeric.parse(JSON.parse(stored.definition).authored);
    const params = authoredParams(def, variantSeed(student.id, ID));
    expect(await page.locator('.markdown').first().textContent()).toContain(String(params.n));
    await page.getByLabel('Output size').fill(String(authoredAnswer(def, params).out));
    await page.getByRole('button', { name: 'Check answer' }).click();
    await expect.poll(() => page.getByTestId('score').textContent()).toBe('10');
  });

  it('a student cannot use the instructor API, and nothing changes', async () => {
    const page = await platform.newPage();
    await platform.signIn(page, 'student');
    const before = await platform.db.exercise.findUniqueOrThrow({ where: { id: ID } });
    const stored = await platform.db.exerciseVersion.findUniqueOrThrow({ where: { exerciseId_version: { exerciseId: ID, version: before.version } } });
    const valid = { ...JSON.parse(stored.definition).authored, title: 'hijacked' };
    const save = await page.request.post('/api/instructor/authored', { data: valid, headers: { origin: platform.url } });
    expect(save.status()).toBe(403);
    const settings = await page.request.post(`/api/instructor/exercises/${ID}/settings`, { data: { deadline: null, lateWindowHours: 0, latePenaltyPercentPerDay: 0, maxAttempts: 1, cooldownMinutes: 0, dailyCap: null, revealPrivate: false }, headers: { origin: platform.url } });
    expect(settings.status()).toBe(403);
    expect((await page.request.get('/api/instructor/grades?format=canvas')).status()).toBe(403);
    expect(await platform.db.exercise.findUniqueOrThrow({ where: { id: ID } })).toEqual(before);
  });

  it('the instructor sees the score in the class progress matrix and in the downloaded CSV', async () => {
    const page = await platform.newPage();
    await platform.signIn(page, 'instructor');
    await page.goto('/instructor');
    const cell = page.locator(`[data-cell="student@convgrade.local:${ID}"]`);
    await expect.poll(() => cell.textContent()).toMatch(/^10 \/ 10\s*1 att\./);
    expect(await page.locator(`[data-cell="student2@convgrade.local:${ID}"]`).textContent()).toBe('–');

    await page.goto('/instructor/export');
    await page.getByLabel('Format').selectOption('moodle');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download CSV' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^grades-moodle-.*\.csv$/);
    // read as a stream: the browser runs as a server (platform.ts), so the file is not on a local path
    const rows = parse(await streamText(await download.createReadStream()), { columns: true }) as Record<string, string>[];
    const me = rows.find((r) => r['Email address'] === 'student@convgrade.local')!;
    const other = rows.find((r) => r['Email address'] === 'student2@convgrade.local')!;
    expect(me['Full name']).toBe('Demo Student');
    expect(me[TITLE]).toBe('10');
    expect(other[TITLE]).toBe('');
  });

  it('sets a deadline and limits in the settings form, the student sees what is left, and a regrade keeps history', async () => {
    const page = await platform.newPage();
    await platform.signIn(page, 'instructor');
    await page.goto(`/instructor/exercises/${ID}`);
    // Always in the future: the student below must still be able to submit.
    const year = new Date().getUTCFullYear() + 2;
    // A bad value is named as the form labels it, in a sentence, beside its field.
    await page.getByLabel('Late penalty (% per started day)').fill('120');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect.poll(() => page.getByTestId('settings-form').getByRole('alert').textContent()).toBe('Late penalty (% per started day) must be at most 100.');
    expect(await page.locator('#s-latePenaltyPercentPerDay-error').textContent()).toBe('Late penalty (% per started day) must be at most 100.');
    await page.getByLabel('Late penalty (% per started day)').fill('0');
    await page.getByLabel(/^Deadline/).fill(`${year}-05-01T23:59`);
    await page.getByLabel('Max attempts').fill('3');
    await page.getByLabel('Attempts per day').fill('2');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain(`Due ${year}-05-01 23:59 GMT+7`);
    const ex = await platform.db.exercise.findUniqueOrThrow({ where: { id: ID } });
    expect(ex).toMatchObject({ maxAttempts: 3, dailyCap: 2 });
    expect(ex.deadline?.toISOString()).toBe(`${year}-05-01T16:59:00.000Z`);

    const sub = await platform.db.submission.findFirstOrThrow({ where: { exerciseId: ID } });
    await page.getByTestId('submissions').getByRole('button', { name: 'Regrade' }).click();
    await expect.poll(() => page.getByTestId('submissions').getByRole('status').textContent()).toContain('run 2 graded');
    const results = await platform.db.result.findMany({ where: { submissionId: sub.id }, orderBy: { runKey: 'asc' } });
    expect(results.map((r) => [r.runKey, r.score, r.current])).toEqual([
      ['run-1', 10, false],
      ['run-2', 10, true],
    ]);

    const student = await platform.newPage();
    await platform.signIn(student, 'student');
    await student.goto(`/exercises/${ID}`);
    expect(await student.getByTestId('attempts-left').textContent()).toBe('2 of 3 attempts left · at most 2 per day (1 left today)');
    expect(await student.getByTestId('due').textContent()).toBe(`${year}-05-01 23:59 GMT+7`);
    expect(await student.getByTestId('countdown').textContent()).toMatch(/^in \d+ days/);
    // The list says the same, with the late rule and the limits.
    await student.goto('/exercises');
    const row = student.locator(`tr[data-exercise="${ID}"]`);
    expect(await row.getByTestId('deadline').textContent()).toContain(`${year}-05-01 23:59 GMT+7`);
    expect(await row.textContent()).toContain('2 of 3 attempts left · at most 2 per day (1 left today)');
  });

  it('every instructor page renders, and a checklist item added in the UI reaches the student', async () => {
    const page = await platform.newPage();
    await platform.signIn(page, 'instructor');
    const student = await platform.db.user.findUniqueOrThrow({ where: { email: 'student@convgrade.local' } });
    const pages: [string, string | RegExp][] = [
      ['/instructor/exercises', 'Exercises'],
      ['/instructor/exercises/conv3x3', /3x3|Conv/i],
      ['/instructor/exercises/conv3x3/similarity', /^Similarity/],
      [`/instructor/students/${student.id}`, 'Demo Student'],
      [`/instructor/editor/${ID}`, TITLE],
      ['/instructor/export', 'Export grades'],
      ['/instructor/checklist', 'Weeks and checklist'],
    ];
    for (const [path, title] of pages) {
      const res = await page.goto(path);
      expect(res?.status(), path).toBe(200);
      expect(await page.locator('h1').first().textContent(), path).toMatch(title);
    }
    await page.goto(`/instructor/students/${student.id}`);
    expect(await page.getByTestId('history').textContent()).toContain('run-2');

    await page.goto('/instructor/checklist');
    await page.getByLabel('New item for week 1').fill('Watch the pooling video');
    await page.getByRole('button', { name: 'Add item' }).first().click();
    await expect.poll(() => page.getByLabel('Item title: Watch the pooling video').count()).toBe(1);
    const studentPage = await platform.newPage();
    await platform.signIn(studentPage, 'student');
    await studentPage.goto('/');
    expect(await studentPage.getByRole('checkbox', { name: 'Watch the pooling video' }).isChecked()).toBe(false);
  });
});

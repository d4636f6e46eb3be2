import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startPlatform, type Platform } from './platform';

// Issue 15's pages: what was submitted, the editor opening with the latest
// submission, state that follows actions without a reload, visible tests in
// place beside the editor, and the class matrix's sorting and filter.

let platform: Platform;
beforeAll(async () => {
  platform = await startPlatform({ redisUrl: `${inject('redisUrl')}/9` });
});
afterAll(async () => {
  await platform?.stop();
});

const SOLUTION = fs.readFileSync('test/fixtures/seed/conv3x3.py', 'utf8');
const studentId = async (email = 'student@convgrade.local') => (await platform.db.user.findUniqueOrThrow({ where: { email } })).id;
const editorText = (page: Page) => page.getByTestId('editor').locator('.cm-content').textContent();

describe('code exercise: in place, then reviewed', () => {
  let visibleRunId = '';
  let submissionId = '';

  it('runs the visible tests beside the editor, and the history fills in without a reload', async () => {
    const page = await platform.newPage();
    await platform.signIn(page, 'student');
    await page.goto('/exercises/conv3x3');
    await page.getByTestId('editor').waitFor();
    expect(await page.getByTestId('editor-origin').textContent()).toContain('The starter code.');
    expect(await page.getByText('None yet.').count()).toBe(1);
    await page.getByRole('button', { name: 'Run visible tests' }).click();
    const panel = page.getByTestId('run-panel');
    await expect.poll(() => panel.getByTestId('status').textContent(), { timeout: 90_000 }).toBe('graded');
    // Same page, results beside the editor, scored as a practice run out of the visible tests only.
    expect(new URL(page.url()).pathname).toBe('/exercises/conv3x3');
    expect(await panel.getByTestId('result').locator('h2').textContent()).toMatch(/^Visible tests: [\d.]+ \/ \d+ \(practice run, not graded; the exercise is worth 10 points\)$/);
    // The starter's NotImplementedError is in the feedback once per test, with the student's line.
    expect(await panel.getByTestId('result').textContent()).toContain('File "submission.py", line 15, in forward');
    await expect.poll(() => page.getByTestId('your-submissions').locator('tbody tr').count()).toBe(1);
    expect(await page.getByText('None yet.').count()).toBe(0);
    expect(await page.getByTestId('your-submissions').textContent()).toContain('visible tests only');
    const run = await platform.db.submission.findFirstOrThrow({ where: { userId: await studentId(), exerciseId: 'conv3x3' } });
    visibleRunId = run.id;
  });

  it('a fresh browser opens the editor with the latest submission; the starter and the draft are one click away', async () => {
    const api = await platform.newPage();
    await platform.signIn(api, 'student');
    const res = await api.request.post('/api/exercises/conv3x3/submissions', { data: { language: 'python', source: SOLUTION, mode: 'submit' }, headers: { origin: platform.url } });
    expect(res.status()).toBe(201);
    submissionId = (await res.json()).submissionId;

    const page = await platform.newPage(); // no localStorage from before
    await platform.signIn(page, 'student');
    await page.goto('/exercises/conv3x3');
    await page.getByTestId('editor').waitFor();
    await expect.poll(() => page.getByTestId('editor-origin').textContent()).toMatch(/^Showing: Your latest submission \(\d{4}-\d{2}-\d{2} \d{2}:\d{2} GMT\+7\)/);
    expect(await editorText(page)).toContain('class Conv3x3');
    expect(await editorText(page)).not.toContain('raise NotImplementedError');
    await page.getByRole('button', { name: 'Load the starter' }).click();
    await expect.poll(() => editorText(page)).toContain('raise NotImplementedError');
    // An edit becomes this browser's draft; the submission and the draft are each a click away.
    await page.getByTestId('editor').locator('.cm-content').click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type('\n# my draft line\n');
    await page.getByRole('button', { name: 'Load latest submission' }).click();
    await expect.poll(() => editorText(page)).not.toContain('# my draft line');
    await page.getByRole('button', { name: 'Load my draft' }).click();
    await expect.poll(() => editorText(page)).toContain('# my draft line');
    // The latest submission's live result is already beside the editor.
    await expect.poll(() => page.getByTestId('run-panel').getByTestId('status').textContent(), { timeout: 90_000 }).toBe('graded');
  });

  it('the submission page shows the code with line numbers, linked tracebacks and the diff to the attempt before', async () => {
    const page = await platform.newPage();
    await platform.signIn(page, 'student');
    await page.goto(`/submissions/${visibleRunId}`);
    const code = page.getByTestId('submitted-code');
    await code.locator('.cm-content').waitFor();
    expect(await code.locator('.cm-lineNumbers').count()).toBe(1);
    expect(await code.locator('.cm-content').getAttribute('contenteditable')).toBe('false');
    expect(await code.locator('.cm-content').textContent()).toContain('raise NotImplementedError');
    // The traceback's "line 15" jumps to that line of the code above.
    await page.locator('a[data-line="15"]').first().click();
    await expect.poll(() => code.locator('.cm-activeLine').textContent()).toContain('raise NotImplementedError');
    expect(await page.getByText('This is the first attempt').count()).toBe(1);

    await page.goto(`/submissions/${submissionId}`);
    await expect.poll(() => page.getByTestId('status').textContent(), { timeout: 90_000 }).toBe('graded');
    const diff = page.getByTestId('diff');
    expect(await diff.locator('summary').textContent()).toMatch(/Changes since the previous attempt \(.*GMT\+7\): \+\d+ −\d+ lines/);
    expect(await diff.locator('[data-kind="del"]').filter({ hasText: 'raise NotImplementedError' }).count()).toBeGreaterThan(0);
    // Hidden tests say so instead of showing an empty box.
    const hidden = page.getByTestId('hidden-output');
    expect(await hidden.count()).toBeGreaterThan(0);
    expect(await hidden.first().textContent()).toBe('Details hidden.');
  });

  it('an instructor sees the student’s code; another student sees nothing of it', async () => {
    const instructor = await platform.newPage();
    await platform.signIn(instructor, 'instructor');
    await instructor.goto(`/submissions/${submissionId}`);
    expect(await instructor.locator('h1').textContent()).toBe('Submission by Demo Student');
    await instructor.getByTestId('submitted-code').locator('.cm-content').waitFor();
    expect(await instructor.getByTestId('submitted-code').textContent()).toContain('class Conv3x3');

    const other = await platform.newPage();
    await platform.signIn(other, 'student2');
    const res = await other.goto(`/submissions/${submissionId}`);
    expect(res?.status()).toBe(404);
    expect(await other.content()).not.toContain('class Conv3x3');
    expect((await other.request.get(`/api/submissions/${submissionId}`)).status()).toBe(404);
  });
});

describe('numeric answers and live state', () => {
  it('clears an old score under a new error, updates history, and shows the answers beside the questions', async () => {
    const page = await platform.newPage();
    await platform.signIn(page, 'student');
    await page.goto('/exercises/conv-output-size');
    await expect.poll(() => page.getByTestId('countdown').count()).toBe(0); // no deadline: no countdown
    expect(await page.getByTestId('rules').textContent()).toContain('No deadline.');
    // Wrong for every variant: an output is never larger than its 256-pixel input plus padding, and
    // channels is the number of filters (4 to 256). Small guesses such as 1 or 2 can be right for some students.
    await page.locator('input[name="height"]').fill('9999');
    await page.locator('input[name="width"]').fill('9998');
    await page.locator('input[name="channels"]').fill('3');
    await page.getByRole('button', { name: 'Check answer' }).click();
    await expect.poll(() => page.getByTestId('score').textContent()).toBe('0');
    await expect.poll(() => page.getByTestId('your-submissions').locator('tbody tr').count()).toBe(1);
    await page.locator('input[name="height"]').fill('abc');
    await page.getByRole('button', { name: 'Check answer' }).click();
    await expect.poll(() => page.locator('p.error[role=alert]').count()).toBe(1);
    expect(await page.getByTestId('result').count()).toBe(0);

    const sub = await platform.db.submission.findFirstOrThrow({ where: { userId: await studentId(), exerciseId: 'conv-output-size' } });
    await page.goto(`/submissions/${sub.id}`);
    const answers = page.getByTestId('submitted-answers');
    const rows = await answers.locator('tbody tr').allTextContents();
    expect(rows).toHaveLength(3);
    expect(rows.some((r) => /height/i.test(r) && r.endsWith('9999'))).toBe(true);
    expect(rows.some((r) => /channels/i.test(r) && r.endsWith('3'))).toBe(true);
    // Submitted-at in the course zone, with its label.
    expect(await page.getByTestId('submission-live').textContent()).toMatch(/submitted \d{4}-\d{2}-\d{2} \d{2}:\d{2} GMT\+7/);
  });

  it('ticking a checklist item updates the week badge without a reload', async () => {
    const page = await platform.newPage();
    await platform.signIn(page, 'student2');
    await page.goto('/');
    const badge = page.locator('[data-week="1"] .badge').first();
    const before = Number((await badge.textContent())!.split(' / ')[0]);
    const box = page.locator('[data-week="1"] input[type=checkbox]:not([disabled])').first();
    await box.check();
    await expect.poll(() => badge.textContent()).toMatch(new RegExp(`^${before + 1} /`));
  });
});

describe('the class matrix', () => {
  it('keeps the header and names in view, sorts by any column and filters by name', async () => {
    const page = await platform.newPage();
    await platform.signIn(page, 'instructor');
    await page.goto('/instructor');
    const matrix = page.getByTestId('progress-matrix');
    await matrix.waitFor();
    const stickyTop = await matrix.locator('thead th').first().evaluate((el) => getComputedStyle(el).position);
    const stickyLeft = await matrix.locator('tbody th').first().evaluate((el) => [getComputedStyle(el).position, getComputedStyle(el).left]);
    expect(stickyTop).toBe('sticky');
    expect(stickyLeft).toEqual(['sticky', '0px']);
    // Short titles, full title on hover.
    const conv = matrix.locator('thead th[title*="(conv3x3,"]');
    expect(await conv.count()).toBe(1);
    expect((await conv.textContent())!.length).toBeLessThanOrEqual(18);
    // Demo Student has scored on conv3x3 above, Second Student has not: sorting by total puts them first.
    const names = () => matrix.locator('tbody th a').allTextContents();
    await matrix.getByRole('button', { name: /^Total/ }).click();
    expect((await names())[0]).toBe('Demo Student');
    expect(await matrix.locator('thead th').nth(1).getAttribute('aria-sort')).toBe('descending');
    await matrix.getByRole('button', { name: /^Student/ }).click();
    expect(await names()).toEqual([...(await names())].sort((a, b) => a.localeCompare(b)));
    expect(await page.locator('[data-cell="average:conv3x3"]').textContent()).toMatch(/tried$/);
    await page.getByLabel('Filter students').fill('second');
    await expect.poll(names).toEqual(['Second Student']);
    expect(await page.getByTestId('matrix-count').textContent()).toBe('1 of 2 students');
  });
});

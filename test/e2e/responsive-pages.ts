import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import type { Platform } from './platform';

// Every page of the app, as the student, the instructor or a visitor sees it,
// for the layout and accessibility tests. Pages that need data (a submission,
// an editor exercise) get it through the app's own API first.

export type Who = 'student' | 'instructor' | 'visitor';
export interface AppPage {
  name: string;
  path: string;
  who: Who;
  /** a selector present once the page has rendered what it shows (client components included) */
  ready?: string;
}

const EDITOR_EXERCISE = {
  id: 'ui-pages-conv-out',
  title: 'Output size (page tour)',
  week: 1,
  points: 2,
  prompt: 'An ${{n}}\\times{{n}}$ input and a ${{k}}\\times{{k}}$ kernel, no padding, stride 1. Output size?',
  params: [{ name: 'n', min: 5, max: 20 }, { name: 'k', choices: [3, 5] }],
  fields: [{ name: 'out', label: 'Output size', type: 'integer', formula: 'n - k + 1' }],
  solution: 'out = {{out}}',
};

export async function preparePages(platform: Platform): Promise<AppPage[]> {
  const student = await platform.newPage();
  await platform.signIn(student, 'student');
  const submitted = await student.request.post('/api/exercises/conv-output-size/submissions', { data: { answer: { height: '1', width: '1', channels: '1' } }, headers: { origin: platform.url } });
  expect(submitted.status()).toBe(201);
  const { submissionId } = await submitted.json();
  // Two code submissions, so the second one's page shows the code viewer and the diff to the first.
  const code = async (source: string) => {
    const res = await student.request.post('/api/exercises/conv3x3/submissions', { data: { language: 'python', source, mode: 'submit' }, headers: { origin: platform.url } });
    expect(res.status(), await res.text()).toBe(201);
    return (await res.json()).submissionId as string;
  };
  await code('class Conv3x3:\n    def forward(self, x):\n        raise NotImplementedError\n');
  const codeSubmissionId = await code('class Conv3x3:\n    def forward(self, x):\n        return x\n');
  await student.context().close();

  const instructor = await platform.newPage();
  await platform.signIn(instructor, 'instructor');
  const saved = await instructor.request.post('/api/instructor/authored', { data: EDITOR_EXERCISE, headers: { origin: platform.url } });
  expect(saved.status(), await saved.text()).toBe(200);
  await instructor.context().close();
  const studentId = (await platform.db.user.findUniqueOrThrow({ where: { email: 'student@convgrade.local' } })).id;

  return [
    { name: 'signin', path: '/signin', who: 'visitor' },
    { name: 'signup', path: '/signup', who: 'visitor' },
    { name: 'checklist', path: '/', who: 'student' },
    { name: 'exercises', path: '/exercises', who: 'student' },
    { name: 'exercise-numeric', path: '/exercises/conv-output-size', who: 'student', ready: '.katex-display' },
    { name: 'exercise-code', path: '/exercises/conv3x3', who: 'student', ready: '.cm-editor' },
    { name: 'exercise-model', path: '/exercises/mnist-challenge', who: 'student', ready: 'textarea' },
    { name: 'leaderboard', path: '/leaderboard', who: 'student' },
    { name: 'submission', path: `/submissions/${submissionId}`, who: 'student' },
    { name: 'submission-code', path: `/submissions/${codeSubmissionId}`, who: 'student', ready: '[data-testid="diff"]' },
    { name: 'profile', path: '/profile', who: 'student' },
    { name: 'not-found', path: '/no-such-page', who: 'student' },
    { name: 'instructor-progress', path: '/instructor', who: 'instructor' },
    { name: 'instructor-exercises', path: '/instructor/exercises', who: 'instructor' },
    { name: 'instructor-exercise', path: '/instructor/exercises/conv3x3', who: 'instructor' },
    { name: 'instructor-similarity', path: '/instructor/exercises/conv3x3/similarity', who: 'instructor' },
    { name: 'instructor-editor-new', path: '/instructor/editor', who: 'instructor' },
    { name: 'instructor-editor-edit', path: `/instructor/editor/${EDITOR_EXERCISE.id}`, who: 'instructor' },
    { name: 'instructor-checklist', path: '/instructor/checklist', who: 'instructor' },
    { name: 'instructor-export', path: '/instructor/export', who: 'instructor' },
    { name: 'instructor-student', path: `/instructor/students/${studentId}`, who: 'instructor' },
  ];
}

/** Opens a page and waits until it has rendered, including the client components it names. */
export async function visit(page: Page, p: AppPage): Promise<void> {
  await page.goto(p.path, { waitUntil: 'load' });
  if (p.ready) await page.locator(p.ready).first().waitFor();
  await page.evaluate(() => document.fonts.ready);
}

/** How far the page reaches past the right edge of the window, with the elements that stick out (for the failure message). */
export async function horizontalOverflow(page: Page): Promise<{ scrollWidth: number; innerWidth: number; culprits: string[] }> {
  return page.evaluate(() => {
    const innerWidth = window.innerWidth;
    const culprits: string[] = [];
    for (const el of Array.from(document.querySelectorAll('body *'))) {
      const r = el.getBoundingClientRect();
      if (r.right > innerWidth + 0.5 && culprits.length < 5) {
        culprits.push(`${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.className && typeof el.className === 'string' ? `.${el.className.split(' ').join('.')}` : ''} right=${Math.round(r.right)}`);
      }
    }
    return { scrollWidth: document.scrollingElement!.scrollWidth, innerWidth, culprits };
  });
}

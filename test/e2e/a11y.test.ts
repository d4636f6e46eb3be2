import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { saveScreenshot, startPlatform, type Platform } from './platform';
import { preparePages, visit, type AppPage, type Who } from './responsive-pages';

// axe-core on every page (WCAG 2.1 A and AA rules), light and dark, laptop
// and phone (menu open), both languages: no serious or critical violation.
// Then the two everyday flows done with the keyboard alone.

let platform: Platform;
let pages: AppPage[];
beforeAll(async () => {
  platform = await startPlatform({ redisUrl: `${inject('redisUrl')}/11` });
  pages = await preparePages(platform);
});
afterAll(async () => {
  await platform?.stop();
});

async function seriousViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
}

const RUNS = [
  { label: 'light, 1366 px, English', width: 1366, locale: 'en-US', colorScheme: 'light' as const },
  { label: 'dark, 390 px with the menu open, Vietnamese', width: 390, locale: 'vi-VN', colorScheme: 'dark' as const },
];

describe('axe-core on every page', () => {
  for (const run of RUNS) {
    it(`has no serious or critical violations (${run.label})`, async () => {
      const found: string[] = [];
      for (const who of ['visitor', 'student', 'instructor'] as Who[]) {
        const page = await platform.newPage({ viewport: { width: run.width, height: 900 }, locale: run.locale, colorScheme: run.colorScheme });
        if (who !== 'visitor') await platform.signIn(page, who);
        for (const p of pages.filter((x) => x.who === who)) {
          await visit(page, p);
          const menu = page.locator('.menu-button');
          if (await menu.isVisible()) await menu.click();
          for (const v of await seriousViolations(page)) found.push(`${p.path}: ${v}`);
        }
        await page.context().close();
      }
      expect(found).toEqual([]);
    });
  }
});

/** Presses Tab until the focused element matches, as a keyboard user would (bounded). */
async function tabTo(page: Page, matches: (el: { tag: string; name: string; type: string; label: string }) => boolean, max = 80): Promise<void> {
  for (let i = 0; i < max; i++) {
    // CodeMirror keeps Tab for indenting; Escape first lets the next Tab leave the editor (its documented keyboard way out).
    if (await page.evaluate(() => !!document.activeElement?.closest('.cm-editor'))) await page.keyboard.press('Escape');
    await page.keyboard.press('Tab');
    const el = await page.evaluate(() => {
      const a = document.activeElement as HTMLElement | null;
      return {
        tag: a?.tagName.toLowerCase() ?? '',
        name: a?.getAttribute('name') ?? '',
        type: a?.getAttribute('type') ?? '',
        label: a?.getAttribute('aria-label') ?? a?.textContent?.trim() ?? '',
      };
    });
    if (matches(el)) return;
  }
  throw new Error(`no focusable element matched after ${max} presses of Tab`);
}

describe('keyboard alone', () => {
  it('skips to the content, ticks a checklist item with Space, and the tick is saved', async () => {
    const page = await platform.newPage({ viewport: { width: 1366, height: 900 } });
    await platform.signIn(page, 'student2');
    await page.goto('/');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
    await page.keyboard.press('Enter');
    expect(page.url()).toMatch(/#main$/);
    // The first item a student ticks by hand (not linked to an exercise).
    const manual = page.locator('ul.checklist input[type=checkbox]:not([disabled])').first();
    const label = (await manual.getAttribute('aria-label'))!;
    expect(await manual.isChecked()).toBe(false);
    await tabTo(page, (el) => el.tag === 'input' && el.type === 'checkbox' && el.label === label);
    // A visible focus ring shows where the keyboard is.
    expect(await manual.evaluate((el) => getComputedStyle(el).outlineStyle)).not.toBe('none');
    await page.keyboard.press('Space');
    expect(await manual.isChecked()).toBe(true);
    const user = await platform.db.user.findUniqueOrThrow({ where: { email: 'student2@convgrade.local' } });
    await expect.poll(() => platform.db.checklistProgress.count({ where: { userId: user.id } }), { timeout: 10_000 }).toBe(1);
    await page.reload();
    expect(await page.getByRole('checkbox', { name: label }).isChecked()).toBe(true);
    await saveScreenshot(page, 'checklist-keyboard-1366-en');
    await page.context().close();
  });

  it('answers a numeric exercise and submits it with the keyboard', async () => {
    const page = await platform.newPage({ viewport: { width: 390, height: 900 } });
    await platform.signIn(page, 'student2');
    await page.goto('/exercises/conv-output-size');
    await page.locator('input[name=height]').waitFor();
    await tabTo(page, (el) => el.name === 'height');
    await page.keyboard.type('1');
    await page.keyboard.press('Tab');
    await page.keyboard.type('2');
    await page.keyboard.press('Tab');
    await page.keyboard.type('3');
    await page.keyboard.press('Enter');
    await page.getByTestId('score').waitFor();
    const user = await platform.db.user.findUniqueOrThrow({ where: { email: 'student2@convgrade.local' } });
    const sub = await platform.db.submission.findFirstOrThrow({ where: { userId: user.id, exerciseId: 'conv-output-size' } });
    expect(JSON.parse(sub.payload)).toMatchObject({ height: 1, width: 2, channels: 3 });
    await saveScreenshot(page, 'exercise-numeric-keyboard-390-en');
    await page.context().close();
  });

  it('submits code with the keyboard: Tab leaves the editor, Enter on the submit button', async () => {
    const page = await platform.newPage({ viewport: { width: 1366, height: 900 } });
    await platform.signIn(page, 'student2');
    await page.goto('/exercises/conv3x3');
    await page.locator('.cm-editor').waitFor();
    await tabTo(page, (el) => el.tag === 'button' && el.label === 'Submit for grading');
    await page.keyboard.press('Enter');
    // The result appears beside the editor, in place.
    await page.getByTestId('run-panel').getByTestId('score').waitFor();
    const user = await platform.db.user.findUniqueOrThrow({ where: { email: 'student2@convgrade.local' } });
    expect(await platform.db.submission.count({ where: { userId: user.id, exerciseId: 'conv3x3', mode: 'submit' } })).toBe(1);
    await page.context().close();
  });
});

import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { saveScreenshot, startPlatform, waitForHydration, type Platform } from './platform';
import { horizontalOverflow, preparePages, visit, type AppPage, type Who } from './responsive-pages';

// Every page at a laptop width (1366 px) and a phone width (390 px), in
// English and in Vietnamese (longer words): no sideways scrolling, the
// header's menu reaches every link and "Sign out", each tab has its own title.
// Each visit leaves a screenshot under test-results/screenshots/.

let platform: Platform;
let pages: AppPage[];
beforeAll(async () => {
  platform = await startPlatform({ redisUrl: `${inject('redisUrl')}/9` });
  pages = await preparePages(platform);
});
afterAll(async () => {
  await platform?.stop();
});

const WIDTHS = [1366, 390] as const;
const LOCALES = { en: 'en-US', vi: 'vi-VN' } as const;

async function pageAs(who: Who, width: number, locale: string): Promise<Page> {
  const page = await platform.newPage({ viewport: { width, height: 900 }, locale });
  if (who !== 'visitor') await platform.signIn(page, who);
  return page;
}

describe('every page fits the screen', () => {
  for (const [lang, locale] of Object.entries(LOCALES)) {
    for (const width of WIDTHS) {
      it(`${lang} at ${width} px: no horizontal overflow on any page`, async () => {
        const overflowing: string[] = [];
        const titles = new Map<string, string>();
        for (const who of ['visitor', 'student', 'instructor'] as const) {
          const page = await pageAs(who, width, locale);
          for (const p of pages.filter((x) => x.who === who)) {
            await visit(page, p);
            expect(await page.locator('html').getAttribute('lang'), p.path).toBe(lang);
            const o = await horizontalOverflow(page);
            if (o.scrollWidth > o.innerWidth) overflowing.push(`${p.path}: ${o.scrollWidth} px wide in ${o.innerWidth} (${o.culprits.join(', ')})`);
            titles.set(p.path, await page.title());
            await saveScreenshot(page, `${p.name}-${width}-${lang}`);
          }
          await page.context().close();
        }
        expect(overflowing).toEqual([]);
        // A distinct title per page, each naming the app.
        for (const [path, title] of titles) expect(title, path).toMatch(/^.+ · ConvGrade$/);
        const perPage = [...titles.entries()].filter(([path]) => !path.startsWith('/no-such')).map(([, t]) => t);
        expect(new Set(perPage).size).toBe(perPage.length);
      });
    }
  }
});

describe('the header on a phone', () => {
  it('folds the links behind Menu; opening it reaches every link and Sign out, inside the screen', async () => {
    const page = await pageAs('instructor', 390, 'en-US');
    await page.goto('/exercises');
    const menu = page.getByRole('button', { name: 'Menu' });
    const signOut = page.getByRole('button', { name: 'Sign out' });
    expect(await menu.isVisible()).toBe(true);
    expect(await signOut.isVisible()).toBe(false);
    expect(await menu.getAttribute('aria-expanded')).toBe('false');
    await menu.click();
    expect(await menu.getAttribute('aria-expanded')).toBe('true');
    for (const name of ['Checklist', 'Exercises', 'Leaderboard', 'Instructor']) {
      const box = await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name }).boundingBox();
      expect(box && box.x >= 0 && box.x + box.width <= 390, name).toBe(true);
    }
    const box = await signOut.boundingBox();
    expect(box && box.x >= 0 && box.x + box.width <= 390).toBe(true);
    await saveScreenshot(page, 'header-menu-open-390-en');
    // Following a link closes the menu again.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Leaderboard' }).click();
    await page.waitForURL(/\/leaderboard$/);
    await expect.poll(() => menu.getAttribute('aria-expanded'), { timeout: 10_000 }).toBe('false');
    // Sign out works from the menu.
    await menu.click();
    await signOut.click();
    await page.waitForURL(/\/signin/);
    await page.context().close();
  });

  it('shows the links in one row on a laptop, with no Menu button', async () => {
    const page = await pageAs('student', 1366, 'en-US');
    await page.goto('/');
    expect(await page.getByRole('button', { name: 'Menu' }).isVisible()).toBe(false);
    expect(await page.getByRole('button', { name: 'Sign out' }).isVisible()).toBe(true);
    const tops = await page.locator('header.nav a:not(.skip-link), header.nav button').evaluateAll((els) => els.filter((e) => (e as HTMLElement).offsetParent).map((e) => Math.round(e.getBoundingClientRect().top / 10)));
    expect(new Set(tops).size).toBe(1);
    await page.context().close();
  });

  it('keeps the code buttons on one line each at 360 px', async () => {
    const page = await pageAs('student', 360, 'vi-VN');
    await page.goto('/exercises/conv3x3');
    await page.locator('.cm-editor').waitFor();
    const buttons = page.locator('main button');
    expect(await buttons.count()).toBeGreaterThan(1);
    const heights = await buttons.evaluateAll((els) => els.map((e) => ({ text: e.textContent, h: e.getBoundingClientRect().height, line: parseFloat(getComputedStyle(e).lineHeight) })));
    for (const b of heights) expect(b.h, b.text ?? '').toBeLessThan(2 * b.line);
    expect((await horizontalOverflow(page)).scrollWidth).toBeLessThanOrEqual(360);
    await saveScreenshot(page, 'exercise-code-360-vi');
    await page.context().close();
  });
});

describe('basics', () => {
  it('serves a favicon at /favicon.ico and an SVG icon the pages link to', async () => {
    const ico = await fetch(`${platform.url}/favicon.ico`);
    expect(ico.status).toBe(200);
    expect(ico.headers.get('content-type')).toMatch(/image\/(x-icon|vnd\.microsoft\.icon)/);
    const page = await pageAs('visitor', 1366, 'en-US');
    await page.goto('/signin');
    const href = await page.locator('link[rel="icon"][type="image/svg+xml"]').getAttribute('href');
    expect(href).toBeTruthy();
    const svg = await fetch(new URL(href!, platform.url));
    expect(svg.status).toBe(200);
    expect(await svg.text()).toContain('<svg');
    await page.context().close();
  });

  it('follows the system dark mode, and the toggle overrides it and is remembered', async () => {
    const page = await platform.newPage({ viewport: { width: 1366, height: 900 }, colorScheme: 'dark' });
    await platform.signIn(page, 'student');
    await page.goto('/');
    const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const luminance = async () => {
      const [r, g, b] = (await background()).match(/\d+/g)!.map(Number);
      return (r! + g! + b!) / 3;
    };
    expect(await luminance()).toBeLessThan(60);
    const toggle = page.getByRole('button', { name: 'Dark mode' });
    // The server cannot know the system scheme: the button turns "pressed" once hydrated
    // (an effect reads matchMedia), so wait for that rather than read it at once.
    await waitForHydration(page, 'button[aria-pressed]');
    await expect.poll(() => toggle.getAttribute('aria-pressed')).toBe('true');
    await toggle.click();
    expect(await luminance()).toBeGreaterThan(200);
    await page.reload();
    expect(await luminance()).toBeGreaterThan(200);
    expect(await page.getByRole('button', { name: 'Dark mode' }).getAttribute('aria-pressed')).toBe('false');
    await saveScreenshot(page, 'checklist-toggled-light-1366-en');
    await waitForHydration(page, 'button[aria-pressed]');
    await page.getByRole('button', { name: 'Dark mode' }).click();
    await page.goto('/exercises/conv-output-size');
    expect(await luminance()).toBeLessThan(60);
    await saveScreenshot(page, 'exercise-numeric-dark-1366-en');
    await page.context().close();
  });

  it('renders $$…$$ in a prompt as a centred KaTeX block, larger than the text', async () => {
    const page = await pageAs('student', 1366, 'en-US');
    await page.goto('/exercises/conv-output-size');
    const block = page.locator('.markdown .katex-display').first();
    await block.waitFor();
    const style = await block.evaluate((el) => ({ display: getComputedStyle(el).display, align: getComputedStyle(el).textAlign, parent: el.parentElement!.tagName }));
    expect(style).toMatchObject({ display: 'block', align: 'center' });
    const fontSize = (sel: string) => page.locator(sel).first().evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    expect(await fontSize('.markdown .katex-display .katex')).toBeGreaterThan(await fontSize('.markdown p'));
    await page.context().close();
  });
});

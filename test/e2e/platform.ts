import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import path from 'node:path';
import fs from 'node:fs';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';
import { testDbFile } from '../helpers/test-db';
import { freePort } from '../../scripts/lib/redis-server';
import { seed, DEMO_STUDENTS } from '../../prisma/seed';
import { createDb, type Db } from '../../lib/db';

// The whole platform for a browser test: the built web app (scripts/web-server.ts), the
// queue services and a worker, on a fresh seeded database and the test Redis.

export interface Platform {
  url: string;
  db: Db;
  /** the running Chromium (relaunched by newPage if it died) */
  browser(): Browser;
  /** A page in a fresh browser context; options set the viewport, Accept-Language (locale), colour scheme... */
  newPage(options?: BrowserContextOptions): Promise<Page>;
  signIn(page: Page, who: 'student' | 'instructor' | 'student2'): Promise<void>;
  /** the demo account's email and password (the instructor's is random per run) */
  account(who: 'student' | 'instructor' | 'student2'): { email: string; password: string };
  /** the web server's process id (one process with the default WEB_PROCESSES=1) */
  webPid: number;
  stop(): Promise<void>;
}

export async function startPlatform(opts: { redisUrl: string; extraEnv?: Record<string, string> }): Promise<Platform> {
  const dbUrl = `file:${testDbFile()}`;
  // Random per run, as npm start makes them per data folder.
  const instructorPassword = crypto.randomBytes(12).toString('base64url');
  await seed({ demo: true, instructorPassword, url: dbUrl });
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const env = {
    ...process.env,
    DATABASE_URL: dbUrl,
    REDIS_URL: opts.redisUrl,
    NEXTAUTH_URL: url,
    PORT: String(port),
    HOST: '127.0.0.1',
    NEXTAUTH_SECRET: crypto.randomBytes(32).toString('base64url'),
    RECONCILE_INTERVAL_SECONDS: '2',
    NEXT_TELEMETRY_DISABLED: '1',
    ...opts.extraEnv,
  };
  const children: ChildProcess[] = [];
  let logs = '';
  const run = (cmd: string, args: string[]) => {
    const c = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    c.stdout?.on('data', (d) => (logs += d));
    c.stderr?.on('data', (d) => (logs += d));
    children.push(c);
  };
  // One node process each (no tsx wrapper), so SIGTERM reaches their own handlers.
  run(process.execPath, ['--import', 'tsx', 'scripts/services.ts']);
  run(process.execPath, ['--import', 'tsx', 'worker/main.ts']);
  // The web server as npm start and systemd run it (one process unless extraEnv sets WEB_PROCESSES).
  run(process.execPath, ['--import', 'tsx', 'scripts/web-server.ts']);
  const stopChildren = () => children.forEach((c) => c.pid && c.exitCode === null && process.kill(-c.pid, 'SIGTERM'));
  try {
    const end = Date.now() + 90_000;
    while (!(await fetch(`${url}/api/health`).then((r) => r.ok).catch(() => false))) {
      if (Date.now() > end) throw new Error(`the web app did not start:\n${logs.slice(-3000)}`);
      await new Promise((r) => setTimeout(r, 300));
    }
  } catch (e) {
    stopChildren();
    throw e;
  }
  let browser = await launchBrowser();
  const db = createDb(dbUrl);
  const account = (who: 'student' | 'instructor' | 'student2') =>
    who === 'instructor' ? { email: 'instructor@convgrade.local', password: instructorPassword } : { ...DEMO_STUDENTS.find((a) => a.email.startsWith(`${who}@`))! };
  return {
    url,
    db,
    browser: () => browser,
    newPage: async (options) => {
      // A browser that died fails the test it died in (retried once, see vitest.e2e.config.ts), not every later one.
      if (!browser.isConnected()) browser = await launchBrowser();
      const ctx = await browser.newContext({ ...options, baseURL: url });
      return ctx.newPage();
    },
    account,
    webPid: children[2]!.pid!,
    signIn: async (page, who) => {
      const { email, password } = account(who);
      await page.goto('/signin');
      // By id, not by label: the form may be in any of the interface's languages.
      await page.locator('#email').fill(email);
      await page.locator('#password').fill(password);
      await page.locator('form button[type=submit]').click();
      await page.waitForURL((u) => !u.pathname.startsWith('/signin'));
    },
    stop: async () => {
      await closeBrowser(browser);
      stopChildren();
      await db.$disconnect();
    },
  };
}

// Each open browser's server; a browser whose process exits while it is still here crashed.
const servers = new WeakMap<Browser, { close(): Promise<void> }>();

async function launchBrowser(): Promise<Browser> {
  // Started as a server, so that its process is ours to watch: a crash then says why.
  const server = await chromium.launchServer({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-dev-shm-usage'],
  });
  const child = server.process();
  const output: string[] = [];
  child.stderr?.on('data', (d: Buffer) => {
    output.push(String(d));
    if (output.length > 100) output.shift();
  });
  const browser = await chromium.connect(server.wsEndpoint());
  child.on('exit', (code, signal) => {
    if (servers.has(browser)) {
      const last = output.join('').split('\n').filter((l) => !l.includes('dbus')).slice(-30).join('\n');
      console.error(`[e2e] Chromium (pid ${child.pid}) exited during a test: code ${code}, signal ${signal}; its last output:\n${last}`);
    }
  });
  servers.set(browser, server);
  return browser;
}

async function closeBrowser(browser: Browser) {
  const server = servers.get(browser);
  servers.delete(browser);
  await browser.close().catch(() => {});
  await server?.close().catch(() => {});
}

/** Where the browser tests leave screenshots of the pages they visit (CI keeps test-results/). */
export const SCREENSHOT_DIR = path.resolve('test-results/screenshots');

/** A full-page screenshot at test-results/screenshots/<name>.png. */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name.replace(/[^a-z0-9.-]+/gi, '_')}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/**
 * Waits until React has attached its handlers to the element: a click before hydration
 * reaches a server-rendered button with no handler and is lost.
 */
export async function waitForHydration(page: Page, selector: string): Promise<void> {
  await page.waitForFunction(
    (sel) => {
      const el = document.querySelector(sel);
      return !!el && Object.keys(el).some((key) => key.startsWith('__reactProps'));
    },
    selector,
  );
}

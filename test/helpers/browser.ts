import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, afterEach } from 'node:test';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { useTestApp, type TestApp, type TestUser } from './app.js';

/** Debian's Chromium (`apt-get install chromium`); tests never download a browser. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** As the machine notes say: no background traffic, which this machine's network refuses anyway. */
const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage',
];

export interface BrowserPage {
  readonly page: Page;
  readonly context: BrowserContext;
  /** Uncaught exceptions in the page, console errors, and dialogs (alert, confirm) it opened. */
  readonly problems: string[];
  readonly dialogs: string[];
}

export interface WebApp extends TestApp {
  /** http://127.0.0.1:PORT of the app, listening for real. */
  origin(): Promise<string>;
  /** A fresh browser context; signed in as `as` (the admin by default; null for nobody). */
  open(options?: { as?: TestUser | null; path?: string }): Promise<BrowserPage>;
}

/**
 * A real server on its own database and one Chromium for the test file. Each `open()` gets a
 * fresh context (cookies, storage), closed after the test; a test fails if its page threw.
 */
export function useWebApp(env: NodeJS.ProcessEnv = {}): WebApp {
  const t = useTestApp(env);
  let browser: Browser | undefined;
  let url = '';
  let userDataDir = '';
  const open: BrowserPage[] = [];

  // Started on first use: hooks at the top level of a file do not wait for useTestApp's.
  let started: Promise<void> | undefined;
  const start = () => {
    started ??= (async () => {
      assert.ok(fs.existsSync(CHROMIUM), `Chromium is missing at ${CHROMIUM}: apt-get install chromium`);
      url = await t.app.listen({ port: 0, host: '127.0.0.1' });
      userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'contactbase-chromium-'));
      browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: [...CHROMIUM_ARGS, `--disk-cache-dir=${userDataDir}`] });
    })();
    return started;
  };

  afterEach(async () => {
    const pages = open.splice(0);
    for (const { context } of pages) await context.close().catch(() => {});
    for (const { problems } of pages) assert.deepEqual(problems, [], 'the page reported errors');
  });

  after(async () => {
    await browser?.close();
    if (userDataDir) fs.rmSync(userDataDir, { recursive: true, force: true });
  });

  return {
    get app() { return t.app; },
    get db() { return t.db; },
    get ctx() { return t.ctx; },
    get admin() { return t.admin; },
    user: t.user,
    request: t.request,
    origin: async () => {
      await start();
      return url;
    },
    async open({ as, path: startPath = '/contacts' }: { as?: TestUser | null; path?: string } = {}) {
      await start();
      assert.ok(browser, 'the browser is not started');
      const context = await browser.newContext({ baseURL: url, viewport: { width: 1360, height: 900 }, locale: 'en-GB', timezoneId: 'UTC' });
      context.setDefaultTimeout(20_000);
      const who = as === undefined ? t.admin : as;
      if (who) {
        const res = await context.request.post('/api/v1/auth/sign-in', { data: { username: who.username, password: who.password } });
        assert.equal(res.status(), 200, await res.text());
      }
      const page = await context.newPage();
      const entry: BrowserPage = { page, context, problems: [], dialogs: [] };
      page.on('pageerror', (error) => entry.problems.push(`page error: ${error.message}`));
      page.on('console', (message) => {
        // A refused request is the page's business (tests provoke 4xx on purpose); script errors are not.
        if (message.type() === 'error' && !/Failed to load resource/.test(message.text())) entry.problems.push(`console: ${message.text()}`);
      });
      page.on('dialog', (dialog) => {
        entry.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
        void dialog.dismiss();
      });
      open.push(entry);
      await page.goto(startPath);
      return entry;
    },
  };
}

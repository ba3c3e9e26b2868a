// Debian's Chromium driven by playwright-core, against Postern listening on a free loopback port.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { TestApp } from './app.ts';
import type { TestUser } from './env.ts';

export const CHROMIUM_FLAGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-quic',
];

export interface BrowserRun {
  browser: Browser;
  baseUrl: string;
  close(): Promise<void>;
}

export async function launch(t: TestApp): Promise<BrowserRun> {
  const server: Server = await new Promise((resolve) => {
    const s = t.app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  // Playwright gives each launch a fresh, empty profile of its own and adds --headless itself.
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: CHROMIUM_FLAGS.filter((a) => a !== '--headless'),
    headless: true,
  });
  return {
    browser,
    baseUrl: `http://127.0.0.1:${port}`,
    async close() {
      await browser.close().catch(() => undefined);
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

export async function signInPage(run: BrowserRun, user: TestUser): Promise<Page> {
  const page = await run.browser.newPage();
  await signInOn(page, run.baseUrl, user, /\/mailbox\/INBOX$/);
  return page;
}

/**
 * Signs in on `page` and waits until the first page has settled: with no time zone chosen yet, public/timezone.js
 * sends the browser's and reloads the page once the server has it, which would otherwise interrupt the test's
 * next navigation ("interrupted by another navigation").
 */
export async function signInOn(page: Page, baseUrl: string, user: TestUser, landing: RegExp): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.fill('#username', user.name);
  await page.fill('#password', user.password);
  const zoneSent = page.waitForResponse((r) => new URL(r.url()).pathname === '/settings/timezone', { timeout: 15_000 }).catch(() => undefined);
  await Promise.all([page.waitForURL(landing), page.click('button[type=submit]')]);
  const unset = await page.locator('html').getAttribute('data-timezone-unset');
  if (!unset) return;
  const reloaded = unset === 'reload' ? page.waitForEvent('load', { timeout: 15_000 }).catch(() => undefined) : undefined;
  const sent = await zoneSent;
  if (sent?.ok()) await reloaded;
}

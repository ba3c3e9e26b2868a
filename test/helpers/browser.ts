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
  await page.goto(`${run.baseUrl}/login`);
  await page.fill('#username', user.name);
  await page.fill('#password', user.password);
  await Promise.all([page.waitForURL(/\/mailbox\/INBOX$/), page.click('button[type=submit]')]);
  return page;
}

/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// The two screens the browser tests use (a desktop window and a phone), signing in within a context, screenshots
// under test-output/screenshots/ (look at them), and the layout checks every page must pass.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { signInOn, type BrowserRun } from './browser.ts';
import type { TestUser } from './env.ts';

export const DESKTOP: BrowserContextOptions = { viewport: { width: 1280, height: 900 } };
export const PHONE: BrowserContextOptions = { viewport: { width: 360, height: 740 }, hasTouch: true, isMobile: true, deviceScaleFactor: 2 };

const SHOTS = path.join(import.meta.dirname, '..', '..', 'test-output', 'screenshots');

/** The screen as the person sees it (the whole page with fullPage). */
export async function screenshot(page: Page, name: string, opts: { fullPage?: boolean } = {}): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: opts.fullPage ?? false });
}

/** A context signed in as `user`; `problems` collects page errors and CSP refusals, which no page may have. */
export async function signedInContext(run: BrowserRun, user: TestUser, options: BrowserContextOptions): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
  const context = await (run.browser as Browser).newContext(options);
  const problems: string[] = [];
  context.on('page', (p) => watch(p, problems));
  const page = await context.newPage();
  await signInOn(page, run.baseUrl, user, /\/mailbox\/INBOX/);
  return { context, page, problems };
}

function watch(page: Page, problems: string[]): void {
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy|Refused to/i.test(m.text())) problems.push(`console: ${m.text()}`);
  });
}

/** How far the page is wider than the screen (0 when it fits). */
export function overflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

/** Elements whose text is cut by their own box (overflow hidden or clipped), mail content in list rows excepted. */
export function clipped(page: Page): Promise<string[]> {
  return page.evaluate(() => [...document.querySelectorAll<HTMLElement>('body *')].filter((el) => {
    if (!el.offsetParent || el.closest('.visually-hidden, .wide-table, .msg .party, .msg .subject, iframe, pre, textarea, select')) return false;
    const style = getComputedStyle(el);
    if (style.overflowX === 'visible' || !el.textContent?.trim()) return false;
    // Hidden for the eye on purpose, there for screen readers (the clip technique of .visually-hidden).
    if (style.clip !== 'auto' || el.getBoundingClientRect().width <= 1) return false;
    return el.scrollWidth > el.clientWidth + 1;
  }).map((el) => `${el.tagName.toLowerCase()}.${el.className}: ${el.textContent!.trim().slice(0, 60)}`));
}

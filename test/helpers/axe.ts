/// <reference lib="dom" />
// Accessibility checks with axe-core in Chromium. axe is injected into the page under test by the test itself;
// Postern never loads it. The page's context must be made with `bypassCSP: true` (axeContextOptions below):
// Postern's CSP forbids inline script, which is what addScriptTag adds.
import { createRequire } from 'node:module';
import type { BrowserContextOptions, Page } from 'playwright-core';
import type axe from 'axe-core';

const AXE_SOURCE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** Options for browser.newContext(): CSP bypassed for the injected script, and a desktop-sized window. */
export const axeContextOptions: BrowserContextOptions = { bypassCSP: true, viewport: { width: 1280, height: 900 } };

export interface AxeViolation {
  id: string;
  impact: string;
  help: string;
  /** each offending element: its CSS selector, its HTML and axe's reason */
  nodes: { target: string; html: string; summary: string }[];
}

export interface AxeOptions {
  /** impacts that count (default serious and critical) */
  impacts?: string[];
  /** CSS selector of the part of the page to check (default the whole document) */
  include?: string;
  /** rule ids to skip, each with the reason in the calling test */
  disableRules?: string[];
}

/** Runs axe on the page as it is now and returns the violations of the given impacts (serious and critical by default). */
export async function axeViolations(page: Page, opts: AxeOptions = {}): Promise<AxeViolation[]> {
  if (!(await page.evaluate(() => 'axe' in window))) {
    await page.addScriptTag({ path: AXE_SOURCE });
    if (!(await page.evaluate(() => 'axe' in window))) throw new Error('axe-core did not load: make the context with axeContextOptions (bypassCSP)');
  }
  const impacts = opts.impacts ?? ['serious', 'critical'];
  const found = await page.evaluate(async ({ include, disableRules }) => {
    const w = window as unknown as { axe: typeof axe };
    const rules = Object.fromEntries(disableRules.map((id) => [id, { enabled: false }]));
    const result = await w.axe.run(include ? { include: [include] } : document, { resultTypes: ['violations'], rules });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact ?? 'unknown',
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target.map(String).join(' '), html: n.html, summary: n.failureSummary ?? '' })),
    }));
  }, { include: opts.include, disableRules: opts.disableRules ?? [] });
  return found.filter((v) => impacts.includes(v.impact));
}

/** The violations as lines for an assertion message: rule, impact, help, then each element. */
export function describeViolations(violations: AxeViolation[]): string {
  return violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n${v.nodes.map((n) => `  ${n.target}: ${n.html}\n    ${n.summary.replace(/\n/g, '\n    ')}`).join('\n')}`).join('\n');
}

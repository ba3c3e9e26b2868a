/// <reference lib="dom" />
// Recipient suggestions in Chromium against the sandbox Dovecot and Postfix: after a few sent and received
// messages, typing in To shows a list, the keyboard and the mouse pick from it, the field keeps every address,
// and the message reaches them all; axe finds nothing serious with the list open; it fits a 360 px phone; and
// with JavaScript off the field is the plain text input it always was.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { BrowserContext, Page } from 'playwright-core';
import type { SandboxInfo } from '../../sandbox/sandbox.ts';
import { buildApp, type TestApp } from '../helpers/app.ts';
import { axeContextOptions, axeViolations, describeViolations } from '../helpers/axe.ts';
import { launch, signInOn, type BrowserRun } from '../helpers/browser.ts';
import { newUser, sandbox, type TestUser } from '../helpers/env.ts';
import { asAddressLogin, header, waitForMessage } from '../compose/compose-helpers.ts';
import { deliver } from '../contacts/contacts-helpers.ts';

describe('recipient suggestions in Chromium', () => {
  let info: SandboxInfo;
  let t: TestApp;
  let run: BrowserRun;
  let alice: TestUser;
  let bob: TestUser;
  let bea: TestUser;

  before(async () => {
    info = await sandbox();
    t = buildApp(info);
    [alice, bob, bea] = await Promise.all([newUser('webalice'), newUser('webbob'), newUser('webbea')]);
    await deliver(info, alice, 'Sent', [
      { from: alice.address, to: `Bea Arthur <${bea.address}>` },
      { from: alice.address, to: `Bea Arthur <${bea.address}>`, cc: 'Benoît Dupré <benoit@example.fr>' },
    ]);
    await deliver(info, alice, 'INBOX', [{ from: `Bob Builder <${bob.address}>`, to: alice.address }]);
    run = await launch(t);
  });
  after(async () => {
    await run?.close();
    await t?.close();
  });

  async function composePage(context: BrowserContext): Promise<Page> {
    const page = await context.newPage();
    // signInOn waits for the time-zone script's one reload, which could otherwise land on the compose page.
    await signInOn(page, run.baseUrl, { ...alice, name: alice.address }, /\/mailbox\/INBOX$/);
    await page.goto(`${run.baseUrl}/compose`);
    // The book is gathered in the background after sign-in; on a loaded machine that can outlast the script's few
    // retries. These tests are about the field, so they start once all three correspondents are in the book.
    for (const began = Date.now(); ;) {
      const book = await page.evaluate(async () => (await fetch('/contacts/suggest?q=b', { headers: { accept: 'application/json' } })).json());
      if (!book.pending && book.suggestions.length >= 3) break;
      if (Date.now() - began > 30_000) throw new Error(`the contact book was not gathered in 30 s: ${JSON.stringify(book)}`);
      await new Promise((r) => setTimeout(r, 300));
    }
    return page;
  }

  const options = (page: Page, field: string) => page.locator(`#${field}-suggestions [role=option]`);
  const texts = async (page: Page, field: string) => (await options(page, field).allTextContents()).map((s) => s.replace(/\s+/g, ' ').trim());
  /**
   * Waits until the list shows exactly `expected`: typing sends a query per pause, so the list of an earlier prefix
   * may still be up when the first option appears (slow machines type slower than the script's delay).
   */
  async function listed(page: Page, field: string, expected: string[]): Promise<void> {
    await page.waitForFunction(([f, want]) => {
      const shown = [...document.querySelectorAll(`#${f}-suggestions [role=option]`)].map((o) => (o.textContent ?? '').replace(/\s+/g, ' ').trim());
      return JSON.stringify(shown) === JSON.stringify(want);
    }, [field, expected] as const, { timeout: 10_000 }).catch(async () => {
      assert.deepEqual(await texts(page, field), expected);
    });
  }

  it('suggests as you type, picks with the keyboard, keeps every address, and the message reaches them', async () => {
    const context = await run.browser.newContext();
    const page = await composePage(context);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const to = page.locator('#to');
    assert.equal(await to.getAttribute('role'), 'combobox');

    await to.click();
    assert.equal(await to.getAttribute('autocomplete'), 'off', 'the browser\'s own list is off while ours works');
    await page.keyboard.type('bo');
    await listed(page, 'to', [`Bob Builder ${bob.address}`]);
    assert.equal(await to.getAttribute('aria-expanded'), 'true');
    await page.keyboard.press('Enter');
    assert.equal(await to.inputValue(), `Bob Builder <${bob.address}>, `);
    assert.equal(await to.getAttribute('aria-expanded'), 'false');

    await page.keyboard.type('b');
    // Bea was written to twice, Benoît once; Bob is in the field already.
    await listed(page, 'to', [`Bea Arthur ${bea.address}`, 'Benoît Dupré benoit@example.fr']);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    const active = await to.getAttribute('aria-activedescendant');
    assert.ok(active);
    assert.equal(await page.locator(`#${active}`).getAttribute('aria-selected'), 'true');
    assert.match((await page.locator(`#${active}`).textContent())!, /Benoît/);
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Enter');
    assert.equal(await to.inputValue(), `Bob Builder <${bob.address}>, Bea Arthur <${bea.address}>, `);

    await page.fill('#subject', 'Picked from the list');
    await page.fill('#body', 'Hello both.');
    await Promise.all([page.waitForURL(/\/mailbox\/INBOX$/), page.click('button[value=send]')]);
    assert.match((await page.textContent('.flash'))!, /Message sent\./);
    const got = await waitForMessage(info, bea, /Picked from the list/);
    assert.equal(header(got.source, 'To'), `Bob Builder <${bob.address}>, Bea Arthur <${bea.address}>`);
    await waitForMessage(info, bob, /Picked from the list/);
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('picks with the mouse in the middle of a field, with Tab, closes on Escape, and never sends on Enter', async () => {
    const context = await run.browser.newContext();
    const page = await composePage(context);
    const cc = page.locator('#cc');
    await cc.fill(`x@example.org, , ${bob.address}`);
    await cc.click();
    await page.keyboard.press('Home');
    for (let i = 0; i < 'x@example.org, '.length; i++) await page.keyboard.press('ArrowRight');
    await page.keyboard.type('ben');
    await listed(page, 'cc', ['Benoît Dupré benoit@example.fr']);
    await options(page, 'cc').first().click();
    assert.equal(await cc.inputValue(), `x@example.org, Benoît Dupré <benoit@example.fr>, ${bob.address}`);
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'cc');

    const bcc = page.locator('#bcc');
    await bcc.click();
    await page.keyboard.type('be');
    await listed(page, 'bcc', [`Bea Arthur ${bea.address}`, 'Benoît Dupré benoit@example.fr']);
    await page.keyboard.press('Tab');
    assert.equal(await bcc.inputValue(), `Bea Arthur <${bea.address}>, `, 'Tab takes the first suggestion');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'bcc', 'and stays in the field');
    await page.keyboard.type('be');
    await options(page, 'bcc').first().waitFor();
    await page.keyboard.press('Escape');
    assert.equal(await page.locator('#bcc-suggestions').isHidden(), true);
    assert.equal(await page.locator('#bcc').getAttribute('aria-expanded'), 'false');
    await page.keyboard.press('Enter');
    assert.match(page.url(), /\/compose$/, 'Enter in an address field does not send');
    await context.close();
  });

  it('splits the field at commas outside quotes and brackets', async () => {
    const context = await run.browser.newContext();
    const page = await composePage(context);
    const results = await page.evaluate(async (url) => {
      const m = await import(url) as { partAt(v: string, c: number): [number, number]; withChosen(v: string, p: [number, number], t: string): { value: string; caret: number } };
      const v = '"Lima, Ana" <ana@x.org>, bo';
      return [m.partAt(v, v.length), m.partAt(v, 3), m.withChosen(v, m.partAt(v, v.length), 'Bo <bo@x.org>'), m.withChosen('a@x.org; b', m.partAt('a@x.org; b', 0), 'A <a@x.org>')];
    }, '/static/recipients.js');
    assert.deepEqual(results, [[24, 27], [0, 23], { value: '"Lima, Ana" <ana@x.org>, Bo <bo@x.org>, ', caret: 40 }, { value: 'A <a@x.org>, b', caret: 13 }]);
    await context.close();
  });

  it('has no serious or critical axe findings with the list open', async () => {
    const context = await run.browser.newContext(axeContextOptions);
    const page = await composePage(context);
    await page.locator('#to').click();
    await page.keyboard.type('b');
    await options(page, 'to').first().waitFor();
    await page.keyboard.press('ArrowDown');
    const found = await axeViolations(page);
    assert.equal(found.length, 0, describeViolations(found));
    await context.close();
  });

  it('fits a 360 px phone', async () => {
    const context = await run.browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
    const page = await composePage(context);
    await page.locator('#to').tap();
    await page.keyboard.type('b');
    await options(page, 'to').first().waitFor();
    await page.screenshot({ path: '/tmp/postern-recipients-360.png' });
    const box = (await page.locator('#to-suggestions').boundingBox())!;
    const field = (await page.locator('#to').boundingBox())!;
    // As wide as the field and under it, inside the screen (a fraction of a pixel is layout rounding). Whether the
    // rest of the compose page fits 360 px is the phone layout's business, not the list's.
    assert.ok(Math.abs(box.x - field.x) < 1 && Math.abs(box.width - field.width) < 1 && box.y >= field.y + field.height, JSON.stringify({ box, field }));
    assert.ok(box.x >= 0 && box.x + box.width <= 361 && box.width <= 360, JSON.stringify(box));
    await options(page, 'to').filter({ hasText: 'Benoît' }).tap();
    assert.equal(await page.locator('#to').inputValue(), 'Benoît Dupré <benoit@example.fr>, ');
    await context.close();
  });

  it('without JavaScript, the field is a plain text input that takes several addresses with names', async () => {
    const context = await run.browser.newContext({ javaScriptEnabled: false });
    const page = await composePage(context);
    const to = page.locator('#to');
    assert.equal(await to.getAttribute('autocomplete'), 'on');
    assert.equal(await to.getAttribute('role'), null);
    await to.fill(`Bob Builder <${bob.address}>, ${bea.address}`);
    await page.fill('#subject', 'Typed without a script');
    await Promise.all([page.waitForURL(/\/mailbox\/INBOX$/), page.click('button[value=send]')]);
    const got = await waitForMessage(info, bea, /Typed without a script/);
    assert.equal(header(got.source, 'To'), `Bob Builder <${bob.address}>, ${bea.address}`);
    await context.close();
  });
});

/// <reference lib="dom" />
// Compose in Chromium keeps what is typed: the 30 s autosave (the page's clock run forward, no waiting), the save
// when the tab is closed, the question before leaving a changed form, and the question when "attached" is written
// but nothing is attached. What was saved is read straight from the Drafts folder on Dovecot.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { buildApp, type TestApp } from '../helpers/app.ts';
import { launch, signInPage, type BrowserRun } from '../helpers/browser.ts';
import { newUser, sandbox, type TestUser } from '../helpers/env.ts';
import { asAddressLogin, messagesIn } from '../compose/compose-helpers.ts';

async function draftBody(user: TestUser, text: RegExp, deadlineMs = 60_000): Promise<string> {
  const until = Date.now() + deadlineMs;
  for (;;) {
    // A save replaces the draft while this reads: a message expunged between the listing and its fetch has no
    // source (and the fetch may fail): read again.
    const drafts = await messagesIn(await sandbox(), user, 'Drafts').catch(() => []);
    // quoted-printable soft line breaks (RFC 2045 section 6.7) undone
    const found = drafts.map((d) => (d.source as Buffer | undefined)?.toString().replace(/=\r?\n/g, '') ?? '').find((s) => text.test(s));
    if (found) return found;
    if (Date.now() > until) throw new Error(`no draft matching ${text}: ${drafts.length} drafts`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const autosaved = (page: Page) => page.evaluate(() => new Promise<void>((resolve) => {
  document.querySelector('form.compose-form')!.addEventListener('postern:autosaved', () => resolve(), { once: true });
}));

describe('compose keeps what is typed (Chromium)', () => {
  let t: TestApp;
  let run: BrowserRun;
  let alice: TestUser;
  let bob: TestUser;

  before(async () => {
    t = buildApp(await sandbox());
    [alice, bob] = await Promise.all([newUser('guard'), newUser('guardbob')]);
    run = await launch(t);
  });
  after(async () => {
    await run?.close();
    await t?.close();
  });

  it('autosaves every 30 s while the form changes, and once more when the tab is closed', async () => {
    const page = await signInPage(run, asAddressLogin(alice));
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.clock.install();
    await page.goto(`${run.baseUrl}/compose`);
    await page.fill('#to', bob.address);
    await page.fill('#subject', 'Autosaved plan');
    await page.fill('#body', 'First thoughts on the plan.');
    const saved = autosaved(page);
    await page.clock.runFor(31_000);
    await saved;
    assert.match(await draftBody(alice, /First thoughts on the plan/), /Subject: Autosaved plan/);
    const draft = await page.inputValue('input[name=draft]');
    assert.match(draft, /^\d+$/, 'the form now names the draft, which the next save replaces');

    // Closing the tab with more typed: the page saves on its way out.
    await page.fill('#body', 'First thoughts on the plan. And a second one, typed just before closing.');
    const closed = new Promise((resolve) => page.once('close', resolve));
    await page.close({ runBeforeUnload: true });
    await closed;
    await draftBody(alice, /typed just before closing/);
    const drafts = await messagesIn(await sandbox(), alice, 'Drafts');
    assert.equal(drafts.length, 1, 'each save replaced the one before');
    assert.deepEqual(errors, []);
  });

  it('asks before leaving a form changed since its last save', async () => {
    const page = await signInPage(run, asAddressLogin(alice));
    await page.goto(`${run.baseUrl}/compose`);
    // Typed for real: Chromium asks before unloading only a page the user has interacted with.
    await page.click('#subject');
    await page.keyboard.type('Half a thought');
    const dialogs: string[] = [];
    page.once('dialog', (d) => {
      dialogs.push(d.type());
      void d.dismiss();
    });
    await page.click('a.brand');
    assert.deepEqual(dialogs, ['beforeunload']);
    assert.match(page.url(), /\/compose$/, 'staying keeps the form');
    assert.equal(await page.inputValue('#subject'), 'Half a thought');
    await page.close();
  });

  it('does not ask before leaving an unchanged form, nor after Send', async () => {
    const page = await signInPage(run, asAddressLogin(alice));
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.type());
      void d.accept();
    });
    await page.goto(`${run.baseUrl}/compose`);
    await Promise.all([page.waitForURL(/\/mailbox\/INBOX$/), page.click('a.brand')]);
    await page.goto(`${run.baseUrl}/compose`);
    await page.fill('#to', bob.address);
    await page.fill('#subject', 'No question');
    await page.fill('#body', 'Plain words.');
    await Promise.all([page.waitForURL(/\/mailbox\/INBOX$/), page.click('button[value=send]')]);
    assert.deepEqual(dialogs, []);
    await page.close();
  });

  it('asks before sending when the text says "attached" and nothing is attached, in English and German', async () => {
    const page = await signInPage(run, asAddressLogin(alice));
    await page.goto(`${run.baseUrl}/compose`);
    await page.fill('#to', bob.address);
    await page.fill('#subject', 'The report');
    await page.fill('#body', 'Hi Bob,\n\nthe report is attached.\n\n> an older attachment in the quote does not count');
    await page.click('button[value=send]');
    const hint = page.locator('#attach-hint');
    await hint.waitFor({ state: 'visible' });
    assert.match((await hint.textContent())!, /Your message mentions an attachment, but nothing is attached\./);
    assert.match(page.url(), /\/compose$/, 'nothing sent, the form stays');
    assert.equal(await page.evaluate(() => document.activeElement?.hasAttribute('data-attach-choose')), true, 'focus on "Attach a file"');
    await page.setInputFiles('#attachments', { name: 'report.txt', mimeType: 'text/plain', buffer: Buffer.from('the report') });
    await hint.waitFor({ state: 'hidden' });
    await page.click('.chosen-files button.remove-file');

    await page.fill('#body', 'Hallo Bob,\n\nim Anhang der Bericht.');
    await page.click('button[value=send]');
    await hint.waitFor({ state: 'visible' });
    await Promise.all([page.waitForURL(/\/mailbox\/INBOX$/), page.click('[data-attach-confirmed]')]);

    await page.goto(`${run.baseUrl}/compose`);
    await page.fill('#to', bob.address);
    await page.fill('#subject', 'Quoted only');
    await page.fill('#body', 'Thanks!\n\n> see the attached file');
    await Promise.all([page.waitForURL(/\/mailbox\/INBOX$/), page.click('button[value=send]')]);
    await page.close();
  });
});

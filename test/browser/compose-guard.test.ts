/// <reference lib="dom" />
// Compose in Chromium keeps what is typed: the 30 s autosave (the page's clock run forward, no waiting), the save
// when the tab is closed, the question before leaving a changed form, and the question when "attached" is written
// but nothing is attached. What was saved is read straight from the Drafts folder on Dovecot.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { signInPage } from '../helpers/browser.ts';
import { browserSuite } from '../helpers/browser-suite.ts';
import { sandbox, type TestUser } from '../helpers/env.ts';
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

// How many drafts Drafts holds once the last save is done: at most one, read twice 300 ms apart, within 10 s; past
// that, the count it still has (a draft that was never replaced).
async function draftsOnceSettled(user: TestUser): Promise<number> {
  const until = Date.now() + 10_000;
  let last = -1;
  for (;;) {
    const count = (await messagesIn(await sandbox(), user, 'Drafts')).length;
    if (count === last && count <= 1) return count;
    if (Date.now() > until) return count;
    last = count;
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}

const autosaved = (page: Page) => page.evaluate(() => new Promise<void>((resolve) => {
  document.querySelector('form.compose-form')!.addEventListener('postern:autosaved', () => resolve(), { once: true });
}));

describe('compose keeps what is typed (Chromium)', () => {
  const suite = browserSuite(['guard', 'guardbob']);

  it('autosaves every 30 s while the form changes, and once more when the tab is closed', async () => {
    const { run, users: [alice, bob] } = suite;
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
    // The new version is appended before the old one is removed: a read in between sees both for a moment.
    assert.equal(await draftsOnceSettled(alice), 1, 'each save replaced the one before');
    assert.deepEqual(errors, []);
  });

  it('asks before leaving a form changed since its last save', async () => {
    const { run, users: [alice, bob] } = suite;
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
    const { run, users: [alice, bob] } = suite;
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
    const { run, users: [alice, bob] } = suite;
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

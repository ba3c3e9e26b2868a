// The settings page against Dovecot, once per backend (METADATA and the hidden folder, SETTINGS_STORE): saved with
// Post/Redirect/Get, kept across sign-out and sign-in, read by a second Postern instance, refused input shown
// again next to its fields.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import supertest from 'supertest';
import { buildApp, signIn, tokenOf, type TestApp } from '../helpers/app.ts';
import { newUser, sandbox, type TestUser } from '../helpers/env.ts';
import { withImap } from '../helpers/imap.ts';
import { saveSettings, shownSettings } from './settings-helpers.ts';

type Agent = ReturnType<typeof supertest.agent>;

const CHOSEN = {
  timeZone: 'America/New_York', language: 'de', theme: 'dark', pageSize: '25', remoteImageSenders: 'News@Example.com\n\n@example.org\nnews@example.com',
};

for (const mode of ['metadata', 'folder'] as const) {
  describe(`the settings page (${mode})`, () => {
    let a: TestApp;
    let b: TestApp;
    let user: TestUser;
    let agent: Agent;

    before(async () => {
      const info = await sandbox();
      a = buildApp(info, { SETTINGS_STORE: mode });
      b = buildApp(info, { SETTINGS_STORE: mode });
      user = await newUser('set');
      agent = await signIn(a.app, user);
    });
    after(async () => {
      await a?.close();
      await b?.close();
    });

    it('is linked from the top bar and shows the defaults when nothing is chosen', async () => {
      const inbox = await agent.get('/mailbox/INBOX').expect(200);
      assert.match(inbox.text, /<a class="settings-link" href="\/settings">Settings<\/a>/);
      const page = await agent.get('/settings').expect(200);
      assert.match(page.text, /<h1>Settings<\/h1>/);
      assert.match(page.text, /aria-current="page"/);
      assert.deepEqual(shownSettings(page.text), { timeZone: '', language: '', theme: 'system', pageSize: '', remoteImageSenders: '' });
      assert.match(page.text, /<option value="Europe\/Berlin">Berlin \(GMT\+0[12]:00\)<\/option>/);
    });

    it('saves, redirects, and says so on the page it redirects to', async () => {
      const res = await saveSettings(agent, CHOSEN);
      assert.equal(res.status, 303);
      assert.equal(res.headers.location, '/settings');
      const page = await agent.get('/settings').expect(200);
      // The language just chosen is the page's: the flash too.
      assert.match(page.text, /<html lang="de" data-theme="dark"/);
      assert.match(page.text, /Einstellungen gespeichert\./);
      assert.deepEqual(shownSettings(page.text), {
        timeZone: 'America/New_York', language: 'de', theme: 'dark', pageSize: '25', remoteImageSenders: 'news@example.com\n@example.org',
      });
      assert.ok(!(await agent.get("/settings").expect(200)).text.includes("Einstellungen gespeichert."), "the flash shows once");
    });

    it('keeps them on the IMAP server where SETTINGS_STORE says', async () => {
      const folders = await withImap(await sandbox(), user, async (c) => (await c.list()).map((f) => f.path));
      assert.equal(folders.includes('Postern Settings'), mode === 'folder', folders.join(', '));
    });

    it('keeps them across sign-out and sign-in', async () => {
      await agent.post('/logout').type('form').send({ _csrf: await tokenOf(agent, '/settings') }).expect(303);
      const again = await signIn(a.app, user);
      assert.deepEqual(shownSettings((await again.get('/settings').expect(200)).text).timeZone, 'America/New_York');
      agent = again;
    });

    it('is read by a second Postern instance', async () => {
      const other = await signIn(b.app, user);
      const page = await other.get('/settings').expect(200);
      assert.match(page.text, /<html lang="de" data-theme="dark"/);
      assert.deepEqual(shownSettings(page.text).remoteImageSenders, 'news@example.com\n@example.org');
    });

    it('shows a refused form again with the input kept and each error next to its field, and stores nothing', async () => {
      const res = await saveSettings(agent, {
        timeZone: 'Mars/Olympus_Mons', language: 'en', theme: 'light', pageSize: '1000', remoteImageSenders: 'ok@example.com\nnot an address',
      });
      assert.equal(res.status, 400);
      // The page is in the stored language (German) until a save succeeds.
      assert.match(res.text, /<p class="field-error" id="timeZone-error">Wählen Sie eine Zeitzone aus der Liste\.<\/p>/);
      assert.match(res.text, /<p class="field-error" id="pageSize-error">Geben Sie eine Zahl von 5 bis 500 ein\.<\/p>/);
      assert.match(res.text, /<p class="field-error" id="senders-error">Zeile 2: „not an address“/);
      assert.match(res.text, /id="pageSize"[^>]*aria-describedby="pageSize-help pageSize-error" aria-invalid=true/);
      const shown = shownSettings(res.text);
      assert.equal(shown.pageSize, '1000');
      assert.equal(shown.theme, 'light');
      assert.equal(shown.remoteImageSenders, 'ok@example.com\nnot an address');
      const stored = shownSettings((await agent.get('/settings').expect(200)).text);
      assert.equal(stored.pageSize, '25');
      assert.equal(stored.theme, 'dark');
    });

    it('refuses a page size that is not a number, and a save without the CSRF token', async () => {
      const res = await saveSettings(agent, { pageSize: 'ten' });
      assert.equal(res.status, 400);
      assert.match(res.text, /Geben Sie eine ganze Zahl ein oder lassen Sie das Feld leer\./);
      const forged = await agent.post('/settings').type('form').send({ _csrf: 'forged', theme: 'light' });
      assert.equal(forged.status, 403);
      assert.equal(shownSettings((await agent.get('/settings').expect(200)).text).theme, 'dark');
    });

    it('clears a choice with an empty field: back to "not chosen"', async () => {
      assert.equal((await saveSettings(agent, { language: '', timeZone: '', pageSize: '' })).status, 303);
      const page = await agent.get('/settings').expect(200);
      assert.match(page.text, /<html lang="en" data-theme="system" data-timezone-unset="reload"/);
      assert.deepEqual(shownSettings(page.text), { timeZone: '', language: '', theme: 'system', pageSize: '', remoteImageSenders: '' });
    });
  });
}

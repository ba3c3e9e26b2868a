// The language of the converted pages (layout, sign-in, error, settings): the user's setting, else the browser's
// Accept-Language among English and German, else English; dates and sizes in that locale.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import supertest from 'supertest';
import { buildApp, csrfFrom, signIn, type TestApp } from '../helpers/app.ts';
import { newUser, sandbox, type TestUser } from '../helpers/env.ts';
import { appendAll, crlf } from '../helpers/imap.ts';
import { saveSettings } from './settings-helpers.ts';

const GERMAN = 'de-DE,de;q=0.9,en;q=0.5';

const older = crlf(`From: Archiv <archiv@example.de>
To: reader@postern.test
Subject: Aus dem Vorjahr
Date: Sun, 04 May 2025 10:00:00 +0000
Message-ID: <older@example.de>
MIME-Version: 1.0
Content-Type: text/plain; charset=utf-8

${'Zeile mit etwas Text.\n'.repeat(60)}`);

describe('languages', () => {
  let t: TestApp;
  let user: TestUser;

  before(async () => {
    const info = await sandbox();
    t = buildApp(info);
    user = await newUser('lang');
    await appendAll(info, user, 'INBOX', [older]);
  });
  after(() => t.close());

  it('shows the sign-in page in the language the browser asks for, English otherwise', async () => {
    const de = await supertest(t.app).get('/login').set('Accept-Language', GERMAN).expect(200);
    assert.match(de.text, /<html lang="de"/);
    assert.match(de.text, /<title>Anmelden · Postern<\/title>/);
    assert.match(de.text, /<h1>Bei Ihrem E-Mail-Konto anmelden<\/h1>/);
    assert.match(de.text, /<label for="username">Benutzername<\/label>/);
    for (const header of ['fr-FR,fr;q=0.9', '', 'xx-invalid;;q=oops']) {
      const other = await supertest(t.app).get('/login').set('Accept-Language', header).expect(200);
      assert.match(other.text, /<html lang="en"/);
      assert.match(other.text, /<h1>Sign in to your mail<\/h1>/);
    }
  });

  it('says what went wrong with a sign-in in that language', async () => {
    const agent = supertest.agent(t.app);
    const form = await agent.get('/login').set('Accept-Language', GERMAN);
    const wrong = await agent.post('/login').set('Accept-Language', GERMAN).type('form')
      .send({ _csrf: csrfFrom(form.text), username: user.name, password: 'nope' }).expect(401);
    assert.match(wrong.text, /Benutzername oder Passwort ist falsch\./);
    const empty = await agent.post('/login').set('Accept-Language', GERMAN).type('form')
      .send({ _csrf: csrfFrom(form.text), username: user.name, password: '' }).expect(400);
    assert.match(empty.text, /Geben Sie Ihr Passwort ein\./);
    const forged = await agent.post('/login').set('Accept-Language', GERMAN).type('form').send({ username: user.name, password: 'x' }).expect(403);
    assert.match(forged.text, /<h1>Nicht erlaubt<\/h1>/);
    assert.match(forged.text, /Dieses Formular ist abgelaufen/);
  });

  it('shows the error page in that language', async () => {
    const res = await supertest(t.app).get('/static/none.css').set('Accept-Language', GERMAN).expect(404);
    assert.match(res.text, /<html lang="de"/);
    assert.match(res.text, /<h1>Nicht gefunden<\/h1>/);
    assert.match(res.text, /Unter dieser Adresse gibt es keine Seite\./);
    assert.match(res.text, /Fehler 404\. <a href="\/">Zum Posteingang<\/a> · <a href="\/login">Anmelden<\/a>/);
  });

  it('follows the browser when signed in, dates and sizes included', async () => {
    const agent = await signIn(t.app, user);
    agent.set('Accept-Language', GERMAN);
    const list = await agent.get('/mailbox/INBOX').expect(200);
    assert.match(list.text, /<html lang="de"/);
    assert.match(list.text, /<a class="compose-link" href="\/compose" data-hotkey="c">Verfassen<\/a>/);
    assert.match(list.text, /<a class="settings-link" href="\/settings">Einstellungen<\/a>/);
    assert.match(list.text, /<button type="submit" class="link">Abmelden<\/button>/);
    assert.match(list.text, /<time class="date" datetime="[^"]+" title="So\.?, 4\. Mai 2025, 10:00 UTC">04\.05\.2025<\/time>/);
    assert.match(list.text, /<span class="size">1,\d kB<\/span>/);
    const settings = await agent.get('/settings').expect(200);
    assert.match(settings.text, /<h1>Einstellungen<\/h1>/);
    assert.match(settings.text, /<h2 id="region-heading">Sprache und Region<\/h2>/);
    assert.match(settings.text, /Automatisch: Deutsch \(vom Browser\)/);
  });

  it('lets the setting override the browser, and the browser decide again when it is cleared', async () => {
    const agent = await signIn(t.app, user);
    agent.set('Accept-Language', GERMAN);
    assert.equal((await saveSettings(agent, { language: 'en' })).status, 303);
    const list = await agent.get('/mailbox/INBOX').expect(200);
    assert.match(list.text, /<html lang="en"/);
    assert.match(list.text, /<a class="compose-link" href="\/compose" data-hotkey="c">Compose<\/a>/);
    // English words, written the English way: the German browser's region does not carry over.
    assert.match(list.text, /<span class="size">1\.\d kB<\/span>/);
    assert.equal((await saveSettings(agent, { language: '' })).status, 303);
    assert.match((await agent.get('/mailbox/INBOX').expect(200)).text, /<html lang="de"/);
  });

  it('writes English dates the way the browser’s English does', async () => {
    const agent = await signIn(t.app, user);
    agent.set('Accept-Language', 'en-US,en;q=0.8');
    const list = await agent.get('/mailbox/INBOX').expect(200);
    assert.match(list.text, /<time class="date" datetime="[^"]+" title="Sun, May 4, 2025, 10:00\sAM UTC">05\/04\/2025<\/time>/);
  });
});

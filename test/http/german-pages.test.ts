// Issue 8, languages: every page and state a person meets, asked for in German with a zone that is not UTC, must
// be German throughout. The mail, names and folders of this account are German too, so any English word of the
// denylist (test/helpers/ui-words.ts) found in a page's text, title or labels is Postern's own and a miss.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import supertest from 'supertest';
import { buildApp, csrfFrom, type TestApp } from '../helpers/app.ts';
import { newUser, sandbox, type TestUser } from '../helpers/env.ts';
import { appendAll, crlf, withImap } from '../helpers/imap.ts';
import { englishLeft } from '../helpers/ui-words.ts';
import { startProxy, type TcpProxy } from '../helpers/tcp-proxy.ts';
import { asAddressLogin, postCompose, type Agent } from '../compose/compose-helpers.ts';
import { saveSettings } from './settings-helpers.ts';
import { b64, PDF } from '../fixtures/messages.ts';

const GERMAN = 'de-DE,de;q=0.9';

const mail = (i: number) => crlf(`From: Anna Beispiel <anna@beispiel.de>
To: leser@beispiel.de
Subject: Mittagessen ${i}
Date: Mon, 04 May 2026 10:0${i}:00 +0000
Message-ID: <mittag-${i}@beispiel.de>
MIME-Version: 1.0
Content-Type: text/plain; charset=utf-8

Treffen wir uns um zwölf Uhr?
`);

// HTML (remote images), an attachment and a forwarded message inside: every part of the message page shows.
const rich = crlf(`From: Bernd Muster <bernd@beispiel.de>
To: leser@beispiel.de
Subject: Rechnung und Bilder
Date: Mon, 04 May 2026 10:30:00 +0000
Message-ID: <rechnung@beispiel.de>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="grenze"

--grenze
Content-Type: text/html; charset=utf-8

<p>Guten Tag, anbei die Rechnung.</p><img src="https://bilder.beispiel.de/logo.png" alt="">
--grenze
Content-Type: application/pdf; name="Rechnung.pdf"
Content-Transfer-Encoding: base64
Content-Disposition: attachment; filename="Rechnung.pdf"

${b64(PDF)}
--grenze
Content-Type: message/rfc822

From: Clara Probe <clara@beispiel.de>
Subject: Alte Nachricht
Date: Sun, 03 May 2026 08:00:00 +0000

Ältere Zeilen.
--grenze--
`);

describe('every page in German', () => {
  let t: TestApp;
  let user: TestUser;
  let agent: Agent;
  let csrf: string;
  let proxy: TcpProxy;
  let broken: TestApp;
  let richUid: number;
  const pages = new Map<string, string>();

  const get = async (name: string, path: string, status = 200, a: Agent = agent) => {
    const res = await a.get(path).set('Accept-Language', GERMAN);
    assert.equal(res.status, status, `${name}: ${path} ${res.text.slice(0, 300)}`);
    pages.set(name, res.text);
    return res.text;
  };
  const post = async (name: string, path: string, fields: Record<string, string | string[]>, status = 200) => {
    const res = await agent.post(path).set('Accept-Language', GERMAN).type('form').send({ _csrf: csrf, ...fields });
    assert.equal(res.status, status, `${name}: ${path} ${res.text.slice(0, 300)}`);
    pages.set(name, res.text);
    return res;
  };
  /** The page a POST lands on, with its flash. */
  const landed = async (name: string, path: string, fields: Record<string, string | string[]>) => {
    const res = await post(`${name} (redirect)`, path, fields, 303);
    pages.delete(`${name} (redirect)`);
    return get(name, res.headers.location!);
  };

  before(async () => {
    const info = await sandbox();
    t = buildApp(info);
    user = asAddressLogin(await newUser('de'));
    await appendAll(info, user, 'INBOX', Array.from({ length: 7 }, (_, i) => mail(i)));
    [richUid] = await appendAll(info, user, 'INBOX', [rich], ['\\Flagged', '\\Answered']) as [number];
    await appendAll(info, user, 'Sent', [mail(8)], ['\\Seen']);
    await withImap(info, user, async (c) => {
      await c.mailboxCreate('Projekte');
      await c.mailboxCreate('Projekte/Alt');
    });
    agent = supertest.agent(t.app);
    agent.set('Accept-Language', GERMAN);
    const form = await get('sign-in', '/login');
    await agent.post('/login').type('form').send({ _csrf: csrfFrom(form), username: user.name, password: user.password }).expect(303);
    csrf = csrfFrom((await agent.get('/settings')).text);
    // Five to a page, so the list has two pages; the time zone is chosen and not UTC.
    assert.equal((await saveSettings(agent, { timeZone: 'Europe/Berlin', pageSize: '5' })).status, 303);
    proxy = await startProxy({ port: info.imapPort });
    broken = buildApp(info, { IMAP_URL: `imap+insecure://127.0.0.1:${proxy.port}`, IMAP_TIMEOUT_SECONDS: '1', LOGIN_TIMEOUT_SECONDS: '2' });
  });
  after(async () => {
    proxy?.thaw();
    await broken?.close();
    await proxy?.close().catch(() => undefined);
    await t?.close();
  });

  it('signs in and out in German, with its errors', async () => {
    const anon = supertest.agent(t.app);
    const form = await get('sign-in (anonymous)', '/login', 200, anon);
    const wrong = await anon.post('/login').set('Accept-Language', GERMAN).type('form').send({ _csrf: csrfFrom(form), username: user.name, password: 'falsch' });
    assert.equal(wrong.status, 401);
    pages.set('sign-in, wrong password', wrong.text);
    const empty = await anon.post('/login').set('Accept-Language', GERMAN).type('form').send({ _csrf: csrfFrom(form), username: '', password: '' });
    assert.equal(empty.status, 400);
    pages.set('sign-in, empty fields', empty.text);
  });

  it('shows the list in every state: pages, selected, searched, empty, Sent', async () => {
    const first = await get('list, page 1', '/mailbox/INBOX');
    assert.match(first, /Seite 1 von 2/);
    assert.match(first, /<span class="count">8 Nachrichten<\/span>/);
    await get('list, page 2', '/mailbox/INBOX?page=2');
    await get('list, page selected', '/mailbox/INBOX?select=page');
    const found = await get('search', '/mailbox/INBOX?q=Mittagessen&filter=unseen&since=2026-05-01&before=2026-05-31&from=anna');
    assert.match(found, /7 Ergebnisse für „Mittagessen“, von „anna“, gesendet seit 1\. Mai 2026, gesendet vor 31\. Mai 2026, ungelesen/);
    await get('search without results', '/mailbox/INBOX?q=Quittung');
    await get('search that does not parse', '/mailbox/INBOX?since=gestern&sort=seitwärts', 400);
    await get('empty folder', '/mailbox/Projekte');
    await get('Sent', '/mailbox/Sent');
  });

  it('shows a message, its body frame and its source, dates in the chosen zone', async () => {
    const page = await get('message', `/message/INBOX/${richUid}`);
    // 10:30 UTC is 12:30 in Berlin in May (CEST), and the zone was chosen, so no "UTC".
    assert.match(page, /<dt>Datum<\/dt><dd>Mo\.?, 4\. Mai 2026, 12:30<\/dd>/);
    await get('message body', `/message/INBOX/${richUid}/body`);
    await get('message source', `/message/INBOX/${richUid}/source`);
  });

  it('shows compose, reply and forward, and the form with its errors and its question', async () => {
    const compose = await get('compose', '/compose');
    assert.match(compose, /data-suggestions-label="Vorschläge für An"/);
    assert.match(compose, /data-suggestion-counts="\[&#34;1 Vorschlag&#34;,&#34;2 Vorschläge&#34;/);
    const reply = await get('reply', `/message/INBOX/${richUid}/reply`);
    assert.match(reply, /Am Mo\.?, 4\. Mai 2026, 12:30 schrieb Bernd Muster &lt;bernd@beispiel\.de&gt;:/);
    await get('reply all', `/message/INBOX/${richUid}/reply-all`);
    const forward = await get('forward', `/message/INBOX/${richUid}/forward`);
    assert.match(forward, /---------- Weitergeleitete Nachricht ----------\nVon: Bernd Muster/);
    const token = csrfFrom(await get('compose again', '/compose'));
    const refused = await postCompose(agent, { _csrf: token, to: 'kein Empfänger', subject: 'Hallo', body: 'Text', action: 'send' }).set('Accept-Language', GERMAN);
    assert.equal(refused.status, 400);
    pages.set('compose, refused fields', refused.text);
    const asked = await postCompose(agent, { _csrf: token, to: 'anna@beispiel.de', subject: '', body: 'Text', action: 'send' }).set('Accept-Language', GERMAN);
    assert.equal(asked.status, 200);
    assert.match(asked.text, /Ohne Betreff senden\?/);
    pages.set('compose, no subject', asked.text);
  });

  it('shows the folder page, its refused form, and the confirm pages', async () => {
    await get('folders', '/mailboxes');
    await post('folders, refused name', '/mailboxes', { name: '..', parent: '' }, 400);
    await post('confirm folder delete', `/mailbox/${encodeURIComponent('Projekte')}/delete`, {});
    await post('confirm all matching', '/mailbox/INBOX/messages', { all: '1', action: 'move', to: 'Projekte' });
  });

  it('says what actions did, in flash lines, and confirms deleting for good', async () => {
    const listed = await get('list for actions', '/mailbox/INBOX');
    const uids = [...listed.matchAll(/name="uid" value="(\d+)"/g)].map((m) => m[1]!);
    const flagged = await landed('flash: flagged', '/mailbox/INBOX/messages', { uid: uids.slice(0, 2), action: 'flag' });
    assert.match(flagged, /2 Nachrichten gekennzeichnet\./);
    const archived = await landed('flash: archived', '/mailbox/INBOX/messages', { uid: uids[0]!, action: 'archive' });
    assert.match(archived, /1 Nachricht nach „Archiv“ verschoben\./);
    await landed('flash: deleted', '/mailbox/INBOX/messages', { uid: uids[1]!, action: 'delete' });
    const trash = await get('Trash', '/mailbox/Trash');
    assert.match(trash, /„Papierkorb“ leeren…/);
    const inTrash = /name="uid" value="(\d+)"/.exec(trash)![1]!;
    await post('confirm delete for good', `/message/Trash/${inTrash}/delete`, {});
    await post('confirm emptying', '/mailbox/Trash/empty', {});
    await landed('flash: marked all read', '/mailbox/INBOX/read-all', {});
    await landed('flash: folder created', '/mailboxes', { name: 'Neu', parent: '' });
  });

  it('shows the settings, and the settings refused', async () => {
    const settings = await get('settings', '/settings');
    // The zones' regions in German; the places keep the names of the tz database.
    assert.match(settings, /<optgroup label="Europa">[\s\S]*?<option value="Europe\/Berlin" selected>Berlin \(GMT\+0[12]:00\)<\/option>/);
    await post('settings refused', '/settings', { timeZone: 'Mond/Krater', language: '', theme: 'system', pageSize: '3', remoteImageSenders: '' }, 400);
  });

  it('shows the error pages: 400, 404, 413', async () => {
    await get('error 400', '/message/INBOX/keine-zahl', 400);
    await get('error 404, no message', '/message/INBOX/999999', 404);
    await get('error 404, no page', '/nirgends', 404);
    const big = await agent.post('/mailbox/INBOX/messages').set('Accept-Language', GERMAN).type('form').send({ _csrf: csrf, uid: '1', action: 'flag', list: 'x'.repeat(200_000) });
    assert.equal(big.status, 413);
    pages.set('error 413', big.text);
  });

  it('shows the error pages of a mail server that does not answer (504) or cannot be reached (503)', async () => {
    const other = supertest.agent(broken.app);
    other.set('Accept-Language', GERMAN);
    const form = await other.get('/login');
    await other.post('/login').type('form').send({ _csrf: csrfFrom(form.text), username: user.name, password: user.password }).expect(303);
    assert.equal((await other.get('/mailbox/INBOX')).status, 200);
    proxy.freeze();
    // A search the session's cache cannot answer: the repeated INBOX page would come from it without IMAP.
    await get('error 504', '/mailbox/INBOX?q=still', 504, other);
    proxy.thaw();
    proxy.cut();
    await proxy.close();
    await get('error 503', '/mailbox/INBOX?q=gone', 503, other);
  });

  it('leaves no English word of Postern’s in any of them', () => {
    assert.ok(pages.size >= 40, `${pages.size} pages`);
    const left = [...pages].map(([name, html]) => [name, englishLeft(html)] as const).filter(([, words]) => words.length);
    assert.deepEqual(left, []);
    // The body frame is the sender's document: it says nothing about its language.
    for (const [name, html] of pages) if (name !== 'message body') assert.match(html, /<html lang="de"/, name);
  });

  it('is told apart from an English page', () => {
    assert.notDeepEqual(englishLeft('<p>Moved 1 message to Trash.</p><a title="Reply">↩</a>'), []);
  });
});

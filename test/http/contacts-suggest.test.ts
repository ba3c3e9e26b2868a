// GET /contacts/suggest against the sandbox Dovecot and Postfix: JSON from the stored book, behind sign-in and
// never cached; what Postern sends is suggested at once and counted once; the book outlives the session.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { pino } from 'pino';
import supertest from 'supertest';
import type { SandboxInfo } from '../../sandbox/sandbox.ts';
import { CONTACT_BOOK, MAX_CONTACTS, type StoredBook } from '../../src/contacts/contact-book.ts';
import { Contacts } from '../../src/contacts/contacts.ts';
import type { MailSession } from '../../src/mail/connection/mail-session.ts';
import { MAX_DOCUMENT_BYTES } from '../../src/settings/document-text.ts';
import { SettingsStore } from '../../src/settings/settings-store.ts';
import { buildApp, signIn, tokenOf, type TestApp } from '../helpers/app.ts';
import { newUser, sandbox, type TestUser } from '../helpers/env.ts';
import { asAddressLogin, postCompose, waitForMessage, type Agent } from '../compose/compose-helpers.ts';
import { deliver } from '../contacts/contacts-helpers.ts';
import { readFileSync } from 'node:fs';
import path from 'node:path';

describe('GET /contacts/suggest', () => {
  let info: SandboxInfo;
  let t: TestApp;
  let contacts: Contacts;
  let store: SettingsStore;
  let alice: TestUser;
  let bob: TestUser;
  let carol: TestUser;
  let agent: Agent;

  const suggest = async (a: Agent, q: string) => (await a.get(`/contacts/suggest?q=${encodeURIComponent(q)}`).expect(200)).body as { suggestions: { name: string; address: string; text: string }[] };
  /** the MailSession behind the agent's requests, as the route handed it to Contacts */
  let session: MailSession | undefined;

  before(async () => {
    info = await sandbox();
    const logger = pino({ level: 'silent' });
    store = new SettingsStore({ mode: 'auto', logger });
    contacts = new Contacts({ store, logger });
    const suggestFor = contacts.suggest.bind(contacts);
    contacts.suggest = (mail, q, self) => {
      session = mail;
      return suggestFor(mail, q, self);
    };
    t = buildApp(info, {}, { settingsStore: store, contacts });
    [alice, bob, carol] = await Promise.all([newUser('sugalice'), newUser('sugbob'), newUser('sugcarol')]);
    await deliver(info, alice, 'INBOX', [
      { from: `Bob Builder <${bob.address}>`, to: alice.address },
      { from: '"O\'Hara, Dana" <dana@example.org>', to: alice.address },
    ]);
    agent = await signIn(t.app, asAddressLogin(alice));
  });
  after(() => t.close());

  it('answers signed-out requests with the sign-in page, not with addresses', async () => {
    const res = await supertest(t.app).get('/contacts/suggest?q=bob').expect(302);
    assert.match(res.headers.location ?? '', /^\/login/);
  });

  it('answers JSON, not cached, with "Name <address>" ready to insert', async () => {
    const res = await agent.get('/contacts/suggest?q=da').expect(200).expect('content-type', /^application\/json/);
    assert.equal(res.headers['cache-control'], 'no-store');
    assert.deepEqual(res.body, { suggestions: [{ name: "O'Hara, Dana", address: 'dana@example.org', text: '"O\'Hara, Dana" <dana@example.org>' }] });
  });

  it('refuses a query longer than any address with a 400', async () => {
    await agent.get(`/contacts/suggest?q=${'a'.repeat(201)}`).expect(400);
    await agent.get('/contacts/suggest?q=a&q=b').expect(400);
    assert.deepEqual((await suggest(agent, '')).suggestions, []);
  });

  it('suggests the recipients of a message sent through Postern at once, and counts it once when Sent is read', async () => {
    const res = await postCompose(agent, {
      _csrf: await tokenOf(agent, '/compose'), to: `Carol Singer <${carol.address}>`, bcc: bob.address,
      subject: 'Contacts', body: 'Hi', action: 'send',
    });
    assert.equal(res.status, 303, res.text);
    assert.deepEqual((await suggest(agent, 'carol')).suggestions.map((s) => s.text), [`Carol Singer <${carol.address}>`]);
    await waitForMessage(info, carol, /Contacts/);
    const before = await store.read(session!, CONTACT_BOOK);
    assert.equal(before.p.length, 1, 'the Message-ID waits to be met in Sent');
    assert.deepEqual(await contacts.refresh(session!), { fetched: 1, windows: 1 }, 'the Sent copy is read');
    const book = await store.read(session!, CONTACT_BOOK);
    const entry = (address: string) => book.a.find(([a]) => a === address)?.slice(1, 4);
    assert.deepEqual(entry(carol.address), ['Carol Singer', 1, 0], 'counted once');
    assert.deepEqual(entry(bob.address), ['Bob Builder', 1, 1], 'Bcc counted although the Sent copy does not show it');
    assert.deepEqual(book.p, []);
    assert.deepEqual(book.s, [alice.address]);
    assert.deepEqual((await suggest(agent, 'b')).suggestions.map((s) => s.address), [bob.address]);
  });

  it('answers key presses from the cached book: twenty more queries cost the IMAP server nothing', async () => {
    const log = path.join(info.dir, 'dovecot.log');
    /** bytes the IMAP server received in a session that asks `queries` after the first (auth_username_format %Ln) */
    const bytesIn = async (queries: string[]) => {
      const start = readFileSync(log, 'utf8').length;
      const a = await signIn(t.app, asAddressLogin(alice));
      await suggest(a, 'c');
      await contacts.refresh(session!);
      for (const q of queries) await suggest(a, q);
      await a.post('/logout').type('form').send({ _csrf: await tokenOf(a) }).expect(303);
      // Dovecot writes the line when it has finished the session, a moment after LOGOUT: a hang guard, no timing.
      for (let i = 0; i < 100; i++) {
        const lines = readFileSync(log, 'utf8').slice(start).split('\n').filter((l) => l.includes(`imap(${alice.name})`) && /Logged out/.test(l));
        if (lines.length) return lines.map((l) => Number(/in=(\d+)/.exec(l)?.[1] ?? 0)).reduce((x, y) => x + y, 0);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      throw new Error('no logout line in dovecot.log');
    };
    await bytesIn([]);
    const one = await bytesIn([]);
    const many = await bytesIn(Array.from({ length: 20 }, (_, i) => 'carol'.slice(0, 1 + (i % 5))));
    assert.ok(one > 0);
    // Only imapflow's command tags may grow by a digit; one command per key press would add 20 lines.
    assert.ok(Math.abs(many - one) < 20, `${one} bytes with one query, ${many} with twenty-one`);
  });

  it('keeps the book bounded as it grows', async () => {
    await suggest(agent, 'x'); // the agent's own session again
    const now = Math.floor(Date.now() / 1000);
    const full: StoredBook = { ...(await store.read(session!, CONTACT_BOOK)) };
    const people = Array.from({ length: MAX_CONTACTS }, (_, i): StoredBook['a'][number] => [`person${i}@bulk.example`, `Person ${i}`, 0, 1, now - 86_400 - i]);
    full.a = [...full.a, ...people].slice(0, MAX_CONTACTS);
    await store.write(session!, CONTACT_BOOK, full);
    const res = await postCompose(agent, { _csrf: await tokenOf(agent, '/compose'), to: `Eve <eve@${info.mailDomain}>`, subject: 'One more', body: 'x', action: 'send' });
    assert.equal(res.status, 303);
    const book = await store.read(session!, CONTACT_BOOK);
    assert.equal(book.a.length, MAX_CONTACTS);
    assert.ok(book.a.some(([a]) => a === `eve@${info.mailDomain}`), 'the new one is in');
    const last = full.a.at(-1)![0];
    assert.ok(!book.a.some(([a]) => a === last), 'the least used went');
    assert.ok(Buffer.byteLength(JSON.stringify(book)) < MAX_DOCUMENT_BYTES);
  });

  it('outlives sign-out: a new session on another instance finds the book', async () => {
    await agent.post('/logout').type('form').send({ _csrf: await tokenOf(agent) }).expect(303);
    const other = buildApp(info, {}, {});
    try {
      const again = await signIn(other.app, asAddressLogin(alice));
      assert.deepEqual((await suggest(again, 'carol')).suggestions.map((s) => s.address), [carol.address]);
    } finally {
      await other.close();
    }
  });
});

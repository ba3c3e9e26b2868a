// Gathering contacts from the sandbox Dovecot's Sent and INBOX, with the book kept in METADATA and in the hidden
// folder: suggestions after a few messages, incremental runs that read only what is new, a new UIDVALIDITY read
// afresh, and a second instance that finds the book without reading the mail again.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { SandboxInfo } from '../../sandbox/sandbox.ts';
import { CONTACT_BOOK } from '../../src/contacts/contact-book.ts';
import { newUser, sandbox, type TestUser } from '../helpers/env.ts';
import { withImap } from '../helpers/imap.ts';
import { contactsInstance, deliver, type ContactsInstance } from './contacts-helpers.ts';

for (const mode of ['metadata', 'folder']) {
  describe(`gathering contacts (SETTINGS_STORE=${mode})`, () => {
    let info: SandboxInfo;
    let user: TestUser;
    let a: ContactsInstance;
    const names = async (x: ContactsInstance, q: string) => (await x.contacts.suggest(x.session, q)).contacts.map((c) => c.name || c.address);

    before(async () => {
      info = await sandbox();
      user = await newUser('book');
      a = await contactsInstance(info, user, mode, { refreshMs: 60 * 60_000 });
      await deliver(info, user, 'Sent', [
        { from: `Me <${user.address}>`, to: 'Ana Lima <ana.lima@example.com>' },
        { from: `Me <${user.address}>`, to: 'Ana Lima <ana.lima@example.com>', cc: 'Anders <anders@example.org>' },
        { from: `Me <${user.address}>`, to: '"Lima, Ana" <ANA.LIMA@example.com>', bcc: 'Carla <carla@example.net>', daysAgo: 30 },
      ]);
      await deliver(info, user, 'INBOX', [
        { from: 'Andrea Costa <andrea@example.it>', to: user.address },
        { from: 'Andrea Costa <andrea@example.it>', to: user.address, daysAgo: 2 },
        { from: 'Announcements <announce@lists.example>', to: user.address, extra: ['List-Id: <announce.lists.example>'] },
        { from: 'Alerts <noreply@service.example>', to: user.address },
        { from: `Me <${user.address}>`, to: user.address },
      ]);
    });
    after(async () => {
      await a?.close();
    });

    it('suggests, after a few sent and received messages, the people written to before those written by', async () => {
      // The first request of a book never gathered waits for the first run (up to its deadline).
      assert.deepEqual(await names(a, 'an'), ['Ana Lima', 'Anders', 'Andrea Costa']);
      assert.deepEqual(await names(a, 'car'), ['Carla'], 'Bcc kept in a Sent copy counts');
      assert.deepEqual(await names(a, 'announce'), [], 'list mail is not a contact');
      assert.deepEqual(await names(a, 'noreply'), []);
      assert.deepEqual(await names(a, user.name), [], 'the user\'s own address is never suggested');
      const book = await a.store.read(a.session, CONTACT_BOOK);
      const ana = book.a.find(([address]) => address === 'ana.lima@example.com');
      assert.deepEqual(ana?.slice(1, 4), ['Ana Lima', 3, 0], 'one entry, the newest name, three messages');
      assert.deepEqual(book.s, [user.address]);
      assert.deepEqual(book.f.sent?.r, [[1, 3]]);
      assert.deepEqual(book.f.inbox?.r, [[1, 5]]);
    });

    it('reads only what arrived since, and nothing at all when nothing did', async () => {
      assert.deepEqual(await a.contacts.refresh(a.session), { fetched: 0, windows: 0 }, 'a STATUS says there is nothing new: no FETCH');
      await deliver(info, user, 'INBOX', [{ from: 'Anika <anika@example.com>', to: user.address }]);
      assert.deepEqual(await a.contacts.refresh(a.session), { fetched: 1, windows: 1 });
      assert.deepEqual(await names(a, 'ani'), ['Anika']);
      const book = await a.store.read(a.session, CONTACT_BOOK);
      assert.deepEqual(book.f.inbox?.r, [[1, 6]]);
      assert.equal(book.a.find(([address]) => address === 'andrea@example.it')?.[3], 2, 'nothing counted twice');
    });

    it('reads a folder afresh when its UIDVALIDITY changed', async () => {
      const before = (await a.store.read(a.session, CONTACT_BOOK)).f.sent!;
      await withImap(info, user, async (c) => {
        await c.mailboxDelete('Sent');
        await c.mailboxCreate('Sent');
      });
      await deliver(info, user, 'Sent', [{ from: user.address, to: 'Fay <fay@example.com>' }]);
      assert.deepEqual(await a.contacts.refresh(a.session), { fetched: 1, windows: 1 });
      const after = (await a.store.read(a.session, CONTACT_BOOK)).f.sent!;
      assert.notEqual(after.v, before.v);
      assert.deepEqual(after.r, [[1, 1]]);
      assert.deepEqual(await names(a, 'fay'), ['Fay']);
      assert.deepEqual(await names(a, 'ana'), ['Ana Lima'], 'what was gathered before stays');
    });

    it('gathers again on a suggestion request only once refreshMs has passed', async () => {
      let clock = Date.now();
      const c = await contactsInstance(info, user, mode, { refreshMs: 60_000, now: () => clock });
      try {
        await c.contacts.suggest(c.session, 'x');
        await c.contacts.refresh(c.session);
        await deliver(info, user, 'INBOX', [{ from: 'Gus <gus@example.com>', to: user.address }]);
        clock += 30_000;
        assert.deepEqual(await names(c, 'gus'), [], 'within refreshMs the book is served as it is');
        clock += 31_000;
        await names(c, 'gus');
        assert.deepEqual(await c.contacts.refresh(c.session), { fetched: 1, windows: 1 }, 'the request started a run; this joins it');
        assert.deepEqual(await names(c, 'gus'), ['Gus']);
      } finally {
        await c.close();
      }
    });

    it('never throws from noteSent, even on a closed session: the mail has gone already', async () => {
      const c = await contactsInstance(info, user, mode);
      await c.close();
      await c.contacts.noteSent(c.session, { messageId: '<x@y>', recipients: [{ name: 'Hal', address: 'hal@example.com' }] });
      await assert.rejects(c.contacts.suggest(c.session, 'hal'), { name: 'MailError', kind: 'unavailable' });
    });

    it('says when a book never gathered is still being gathered, so the browser asks again', async () => {
      const fresh = await newUser('pend');
      await deliver(info, fresh, 'INBOX', [{ from: 'Ida <ida@example.com>', to: fresh.address }]);
      const c = await contactsInstance(info, fresh, mode, { firstWaitMs: 0 });
      try {
        assert.deepEqual(await c.contacts.suggest(c.session, 'ida'), { contacts: [], pending: true });
        await c.contacts.refresh(c.session);
        const after = await c.contacts.suggest(c.session, 'ida');
        assert.deepEqual([after.contacts.map((x) => x.name), after.pending], [['Ida'], false]);
      } finally {
        await c.close();
      }
    });

    it('is found by a second instance and survives a new session, without reading the mail again', async () => {
      const b = await contactsInstance(info, user, mode);
      try {
        assert.deepEqual(await names(b, 'an'), ['Ana Lima', 'Anders', 'Andrea Costa', 'Anika']);
        assert.deepEqual(await b.contacts.refresh(b.session), { fetched: 0, windows: 0 });
      } finally {
        await b.close();
      }
    });
  });
}

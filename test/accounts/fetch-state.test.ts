// A POP3 account's state beside its settings on the IMAP server, once per backend (METADATA and the hidden folder):
// thousands of UIDLs kept compactly and read back by another connection (what a later run, or another instance,
// sees), flush() writing only when the set changed, and removeDocument() leaving nothing behind.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { pino } from 'pino';
import { z } from 'zod';
import { SettingsUidlStore, uidlsName } from '../../src/accounts/fetch-state.ts';
import type { MailSession } from '../../src/mail/connection/mail-session.ts';
import { MAX_DOCUMENT_BYTES } from '../../src/settings/document-text.ts';
import { SettingsStore } from '../../src/settings/settings-store.ts';
import { newUser, sandbox, type TestUser } from '../helpers/env.ts';
import { imapSession } from '../helpers/pop3.ts';

/** A store that counts its writes. */
class CountingStore extends SettingsStore {
  writes = 0;
  override async writeDocument(session: MailSession, name: string, value: unknown): Promise<void> {
    this.writes++;
    return super.writeDocument(session, name, value);
  }
}

const logger = pino({ level: 'silent' });

/** Dovecot's UIDL form: 8 hex digits of UID, 8 of UIDVALIDITY. */
const uidl = (i: number) => `${i.toString(16).padStart(8, '0')}6571a3f2`;

for (const mode of ['metadata', 'folder'] as const) {
  describe(`fetch state (${mode})`, () => {
    let info: Awaited<ReturnType<typeof sandbox>>;
    let user: TestUser;
    const sessions: MailSession[] = [];
    const session = () => {
      const s = imapSession(info, user);
      sessions.push(s);
      return s;
    };

    before(async () => {
      info = await sandbox();
      user = await newUser('state');
    });
    after(async () => {
      await Promise.all(sessions.map((s) => s.close()));
    });

    it('keeps 10,000 UIDLs in one small document that another connection reads back whole', async () => {
      const store = new CountingStore({ mode, logger });
      const uidls = new SettingsUidlStore(store, session(), 'acct0001', logger);
      assert.equal((await uidls.load()).size, 0);
      for (let i = 1; i <= 10_000; i++) await uidls.record(uidl(i));
      await uidls.flush();
      assert.equal(store.writes, 1);
      const raw = await new SettingsStore({ mode, logger }).readDocument(session(), uidlsName('acct0001'), z.object({ uidls: z.string() }));
      assert.ok(raw && raw.uidls.length < MAX_DOCUMENT_BYTES / 4, `compact: ${raw?.uidls.length} characters`);
      const later = new SettingsUidlStore(new SettingsStore({ mode, logger }), session(), 'acct0001', logger);
      const loaded = await later.load();
      assert.equal(loaded.size, 10_000);
      assert.ok(loaded.has(uidl(1)) && loaded.has(uidl(10_000)));
    });

    it('writes on flush only when the set changed, and forgets UIDLs no longer on the server', async () => {
      const store = new CountingStore({ mode, logger });
      const uidls = new SettingsUidlStore(store, session(), 'acct0001', logger);
      const loaded = await uidls.load();
      await uidls.retain(loaded);
      await uidls.flush();
      assert.equal(store.writes, 0, 'nothing new: nothing written');
      await uidls.retain(new Set([uidl(1), uidl(2)]));
      await uidls.record(uidl(20_000));
      await uidls.flush();
      assert.equal(store.writes, 1);
      const again = await new SettingsUidlStore(new SettingsStore({ mode, logger }), session(), 'acct0001', logger).load();
      assert.deepEqual([...again].sort(), [uidl(1), uidl(2), uidl(20_000)].sort());
    });

    it('removes a document so that nothing is found afterwards', async () => {
      const store = new SettingsStore({ mode, logger });
      const mail = session();
      await store.writeDocument(mail, 'pop3-status:acct0001', { at: new Date().toISOString() });
      await store.removeDocument(mail, uidlsName('acct0001'));
      await store.removeDocument(mail, 'pop3-status:acct0001');
      await store.removeDocument(mail, 'pop3-status:never-stored');
      const fresh = new SettingsStore({ mode, logger });
      const other = session();
      assert.equal(await fresh.readDocument(other, uidlsName('acct0001'), z.unknown()), undefined);
      assert.equal(await fresh.readDocument(other, 'pop3-status:acct0001', z.unknown()), undefined);
      assert.equal(await store.readDocument(mail, 'pop3-status:acct0001', z.unknown()), undefined, 'the removing session’s cache forgets it too');
    });
  });
}

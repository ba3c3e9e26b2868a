// The settings store against the sandbox Dovecot, once per backend: METADATA (RFC 5464, enabled in
// sandbox/dovecot.conf) and the hidden folder (forced with SETTINGS_STORE=folder). Each "instance" has its own
// registry, IMAP connection and cache, as two Postern processes behind a load balancer would.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { MailError } from '../../src/mail/errors/mail-errors.ts';
import { MAX_DOCUMENT_BYTES } from '../../src/settings/document-text.ts';
import { USER_SETTINGS, userSettingsSchema } from '../../src/settings/user-settings.ts';
import { defineDocument } from '../../src/settings/document-type.ts';
import { newUser, sandbox, type TestUser } from '../helpers/env.ts';
import { instance, noise, type Instance } from './settings-helpers.ts';

const DEFAULTS = { timeZone: null, language: null, theme: 'system', composeFormat: 'text' as const, pageSize: null, remoteImageSenders: [], listMode: 'messages' as const, labels: null };
const CONTACTS = defineDocument('contacts', z.array(z.object({ name: z.string(), address: z.string() })), () => []);

for (const mode of ['metadata', 'folder'] as const) {
  describe(`settings stored on IMAP (${mode})`, () => {
    let user: TestUser;
    let a: Instance;
    let b: Instance;

    before(async () => {
      const info = await sandbox();
      user = await newUser('set');
      a = await instance(info, user, mode);
      b = await instance(info, user, mode);
    });
    after(async () => {
      await a?.close();
      await b?.close();
    });

    it(`serves this session from the ${mode} backend`, async () => {
      assert.equal(await a.store.backendKind(a.session), mode);
    });

    it('gives the defaults when nothing is stored', async () => {
      assert.equal(await a.store.readDocument(a.session, 'settings', userSettingsSchema), undefined);
      assert.deepEqual(await a.store.read(a.session, USER_SETTINGS), DEFAULTS);
      assert.deepEqual(await a.store.read(a.session, CONTACTS), []);
      assert.deepEqual(a.logs, []);
    });

    it('reads back what it wrote, and a second instance reads it too', async () => {
      const settings = { ...DEFAULTS, timeZone: 'Europe/Lisbon', language: 'pt-PT', theme: 'dark' as const, pageSize: 25, remoteImageSenders: ['news@example.com', '@example.org'] };
      await a.store.write(a.session, USER_SETTINGS, settings);
      assert.deepEqual(await a.store.read(a.session, USER_SETTINGS), settings);
      assert.deepEqual(await b.store.read(b.session, USER_SETTINGS), settings);
    });

    it('keeps documents apart by name, including names that contain each other', async () => {
      await a.store.writeDocument(a.session, 'pop3-uidls:ab', ['x1']);
      await a.store.writeDocument(a.session, 'pop3-uidls:abc', ['y1', 'y2']);
      const uidls = z.array(z.string());
      assert.deepEqual(await b.store.readDocument(b.session, 'pop3-uidls:ab', uidls), ['x1']);
      assert.deepEqual(await b.store.readDocument(b.session, 'pop3-uidls:abc', uidls), ['y1', 'y2']);
      assert.equal(await b.store.readDocument(b.session, 'pop3-uidls:a', uidls), undefined);
    });

    it('lets the last of two instances win, and both then read the same', async () => {
      await a.store.write(a.session, USER_SETTINGS, { ...DEFAULTS, theme: 'light' });
      await b.store.write(b.session, USER_SETTINGS, { ...DEFAULTS, theme: 'dark', pageSize: 100 });
      const seenByA = await a.store.read(a.session, USER_SETTINGS);
      assert.equal(seenByA.theme, 'dark');
      assert.deepEqual(seenByA, await b.store.read(b.session, USER_SETTINGS));
    });

    it('keeps the last version of each of many writes from two connections at once', async () => {
      const writes = Array.from({ length: 12 }, (_, i) => (i % 2 ? a : b).store.writeDocument((i % 2 ? a : b).session, 'race', { n: i }));
      await Promise.all(writes);
      const schema = z.object({ n: z.number() });
      const [fromA, fromB] = [await a.store.readDocument(a.session, 'race', schema), await b.store.readDocument(b.session, 'race', schema)];
      assert.ok(fromA && fromA.n >= 0 && fromA.n < 12);
      assert.deepEqual(fromA, fromB);
    });

    it('stores a large document (about 200 KB) and reads it back elsewhere', async () => {
      const big = Array.from({ length: 40 }, (_, i) => ({ name: `n${i}`, address: noise(5000) }));
      await a.store.write(a.session, CONTACTS, big);
      assert.deepEqual(await b.store.read(b.session, CONTACTS), big);
    });

    it('refuses a document over 256 KB with the too-large kind and keeps the stored one', async () => {
      const before = await b.store.read(b.session, CONTACTS);
      const huge = [{ name: 'x', address: noise(MAX_DOCUMENT_BYTES) }];
      await assert.rejects(a.store.write(a.session, CONTACTS, huge), (err) => err instanceof MailError && err.kind === 'too-large');
      assert.deepEqual(await b.store.read(b.session, CONTACTS), before);
    });

    it('returns frozen values, so no request can change what the session cached', async () => {
      const settings = await a.store.read(a.session, USER_SETTINGS);
      assert.throws(() => { (settings as { theme: string }).theme = 'light'; }, TypeError);
      assert.throws(() => { (settings.remoteImageSenders as string[]).push('x@y.z'); }, TypeError);
    });

    it('ignores a stored value that does not fit its schema, logs it without the content, and gives the defaults', async () => {
      await a.store.writeDocument(a.session, 'settings', ['not', 'settings']);
      assert.deepEqual(await b.store.read(b.session, USER_SETTINGS), DEFAULTS);
      const line = b.logs.find((l) => l.document === 'settings');
      assert.ok(line, JSON.stringify(b.logs));
      assert.equal(line.msg, 'stored settings document ignored');
      assert.equal(line.user, user.name);
      assert.doesNotMatch(JSON.stringify(line), /not", "settings|"not"/);
    });

    it('keeps the fields that fit when one does not, and keeps fields it does not know', async () => {
      await a.store.writeDocument(a.session, 'settings', { theme: 'sepia', pageSize: 20, futureSetting: { on: true } });
      assert.deepEqual(await b.store.read(b.session, USER_SETTINGS), { ...DEFAULTS, pageSize: 20, futureSetting: { on: true } });
    });
  });
}

// The hidden-folder backend in detail (SETTINGS_STORE=folder on the sandbox Dovecot): where the folder lives,
// how versions are replaced, repaired and told apart from foreign mail.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import type { SandboxInfo } from '../../sandbox/sandbox.ts';
import { listMailboxes } from '../../src/mail/folders/mailboxes.ts';
import { documentMessage, newMessageId } from '../../src/settings/document-message.ts';
import { USER_SETTINGS } from '../../src/settings/user-settings.ts';
import { newUser, sandbox, type TestUser } from '../helpers/env.ts';
import { appendAll, crlf, withImap } from '../helpers/imap.ts';
import { instance, type Instance } from './settings-helpers.ts';

const FOLDER = 'Postern Settings';
const counter = z.object({ n: z.number() });

describe('settings in a hidden folder', () => {
  let info: SandboxInfo;
  let user: TestUser;
  let a: Instance;
  let b: Instance;

  /** The UIDs of the messages naming `name`, and their flags, straight from the server. */
  const versions = (name: string) => withImap(info, user, async (c) => {
    await c.mailboxOpen(FOLDER);
    const found: { uid: number; flags: string[] }[] = [];
    for await (const m of c.fetch('1:*', { uid: true, flags: true, headers: ['x-postern-document'] })) {
      if (m.headers?.toString().trim() === `X-Postern-Document: ${name}`) found.push({ uid: m.uid, flags: [...(m.flags ?? [])] });
    }
    return found;
  });

  before(async () => {
    info = await sandbox();
    user = await newUser('fold');
    a = await instance(info, user, 'folder');
    b = await instance(info, user, 'folder');
  });
  after(async () => {
    await a?.close();
    await b?.close();
  });

  it('reads without creating anything, then creates the folder unsubscribed on the first write', async () => {
    await a.store.read(a.session, USER_SETTINGS);
    const names = () => withImap(info, user, async (c) => (await c.list()).map((m) => m.path));
    assert.ok(!(await names()).includes(FOLDER));
    await a.store.write(a.session, USER_SETTINGS, { ...USER_SETTINGS.empty(), theme: 'dark' });
    assert.ok((await names()).includes(FOLDER));
    const subscribed = await withImap(info, user, async (c) => (await c.list()).filter((m) => m.subscribed).map((m) => m.path));
    assert.ok(subscribed.includes('Sent'), 'LSUB is read');
    assert.ok(!subscribed.includes(FOLDER));
    assert.deepEqual((await versions('settings')).map((v) => v.flags), [['\\Seen']]);
  });

  it('is left out of the folder list Postern shows', async () => {
    const tree = await listMailboxes(a.session, { maxAgeMs: 0 });
    assert.ok(tree.some((m) => m.path === 'INBOX'));
    assert.ok(!tree.some((m) => m.path === FOLDER));
  });

  it('replaces the old version: one message per document after each write', async () => {
    const before = await versions('settings');
    await b.store.write(b.session, USER_SETTINGS, { ...USER_SETTINGS.empty(), theme: 'light' });
    const now = await versions('settings');
    assert.equal(now.length, 1);
    assert.ok(now[0]!.uid > before[0]!.uid);
  });

  it('leaves one version after many writes from two connections at once, and it is the one both read', async () => {
    await Promise.all(Array.from({ length: 10 }, (_, i) => {
      const x = i % 2 ? a : b;
      return x.store.writeDocument(x.session, 'counter', { n: i });
    }));
    assert.equal((await versions('counter')).length, 1);
    const seen = await a.store.readDocument(a.session, 'counter', counter);
    assert.deepEqual(seen, await b.store.readDocument(b.session, 'counter', counter));
  });

  it('repairs on read: of versions left by an interrupted write it keeps the newest and removes the rest', async () => {
    const raws = [1, 2, 3].map((n) => documentMessage('repair', JSON.stringify({ n }), newMessageId()));
    await appendAll(info, user, FOLDER, raws, ['\\Seen']);
    assert.equal((await versions('repair')).length, 3);
    assert.deepEqual(await a.store.readDocument(a.session, 'repair', counter), { n: 3 });
    assert.equal((await versions('repair')).length, 1);
    assert.equal((await versions('settings')).length, 1, 'other documents are untouched');
  });

  it('ignores foreign or damaged messages that carry the header, keeps the newest good version, and logs', async () => {
    await a.store.writeDocument(a.session, 'mixed', { n: 7 });
    const foreign = crlf('From: x@example.com\nSubject: hi\nX-Postern-Document: mixed\nContent-Type: text/plain\n\nhello\n');
    const badJson = documentMessage('mixed', '{not json', newMessageId());
    await appendAll(info, user, FOLDER, [foreign, badJson]);
    a.logs.length = 0;
    assert.deepEqual(await a.store.readDocument(a.session, 'mixed', counter), { n: 7 });
    assert.equal((await versions('mixed')).length, 3, 'what it cannot read, it does not remove');
    const problems = a.logs.filter((l) => l.document === 'mixed').map((l) => String(l.problem));
    assert.equal(problems.length, 1);
    assert.match(problems[0]!, /not JSON.*not base64/);
    // The next write replaces all of them.
    await a.store.writeDocument(a.session, 'mixed', { n: 8 });
    assert.deepEqual(await b.store.readDocument(b.session, 'mixed', counter), { n: 8 });
    assert.equal((await versions('mixed')).length, 1);
  });

  it('gives the defaults when only foreign mail names the document', async () => {
    await appendAll(info, user, FOLDER, [crlf('From: x@example.com\nSubject: hi\nX-Postern-Document: lonely\n\nhello\n')]);
    b.logs.length = 0;
    assert.equal(await b.store.readDocument(b.session, 'lonely', counter), undefined);
    assert.equal(b.logs.filter((l) => l.document === 'lonely').length, 1);
  });

  it('trusts its cache while STATUS shows the folder unchanged: INBOX stays selected', async () => {
    await a.store.read(a.session, USER_SETTINGS);
    await a.session.withMailbox('INBOX', async () => undefined);
    await a.store.read(a.session, USER_SETTINGS);
    assert.equal(await a.session.withClient(async (c) => (c.mailbox ? c.mailbox.path : undefined)), 'INBOX');
    // ...and reads again once it changed.
    await b.store.write(b.session, USER_SETTINGS, { ...USER_SETTINGS.empty(), theme: 'system', pageSize: 42 });
    assert.equal((await a.store.read(a.session, USER_SETTINGS)).pageSize, 42);
  });

  it('sees another instance\'s write even while its own connection still has the folder selected', async () => {
    await a.store.read(a.session, USER_SETTINGS);
    assert.equal(await a.session.withClient(async (c) => (c.mailbox ? c.mailbox.path : undefined)), FOLDER);
    await b.store.write(b.session, USER_SETTINGS, { ...USER_SETTINGS.empty(), pageSize: 43 });
    assert.equal((await a.store.read(a.session, USER_SETTINGS)).pageSize, 43);
  });
});

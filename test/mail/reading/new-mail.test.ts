// Mail that arrives while a user's connection sits with INBOX selected shows up on the next request once the
// server has announced it: IDLE between requests hears of it (Dovecot tells an IDLE about half a second later),
// and a link to a message the connection has not heard of yet still opens (a NOOP, then the FETCH again).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { pino } from 'pino';
import { MailSession } from '../../../src/mail/connection/mail-session.ts';
import { getMessage, listMessages } from '../../../src/mail/reading/messages.ts';
import { newUser, sandbox, type TestUser } from '../../helpers/env.ts';
import { appendAll } from '../../helpers/imap.ts';
import { plainText } from '../../fixtures/messages.ts';
import { watchEvents } from '../../helpers/watch.ts';

describe('new mail on a warm connection', () => {
  let user: TestUser;
  let session: MailSession;
  before(async () => {
    const info = await sandbox();
    user = await newUser('fresh');
    await appendAll(info, user, 'INBOX', [plainText('Old one')]);
    session = new MailSession({ host: '127.0.0.1', port: info.imapPort, secure: false, startTls: true, tlsCa: readFileSync(info.caFile), socketTimeoutMs: 60_000 }, user.name, user.password, pino({ level: 'silent' }));
  });
  after(() => session.close());

  it('lists a message delivered since the last page, and opens it by UID', async () => {
    const first = await listMessages(session, 'INBOX', { page: 1, pageSize: 50 });
    assert.deepEqual(first.messages.map((m) => m.subject), ['Old one']);
    const watch = watchEvents(session, 'INBOX');
    const [uid] = await appendAll(await sandbox(), user, 'INBOX', [plainText('Just arrived')]) as [number];
    await watch.next((e) => e.type === 'added', 'the new message announced');
    watch.stop();
    const next = await listMessages(session, 'INBOX', { page: 1, pageSize: 50 });
    assert.deepEqual(next.messages.map((m) => m.subject), ['Just arrived', 'Old one']);
    const [later] = await appendAll(await sandbox(), user, 'INBOX', [plainText('Linked from elsewhere')]) as [number];
    assert.ok(later > uid);
    assert.equal((await getMessage(session, 'INBOX', later)).subject, 'Linked from elsewhere');
  });
});

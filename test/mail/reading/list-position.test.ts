// Where a message sits in a list, against Dovecot: its neighbours in the list's own order (what the message page's
// previous/next and "after a delete" use), the server-side "all matching" snapshot, and marking a folder read.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { pino } from 'pino';
import { markAllSeen } from '../../../src/mail/organizing/flags.ts';
import { MailSession } from '../../../src/mail/connection/mail-session.ts';
import { listMessages } from '../../../src/mail/reading/messages.ts';
import { listNeighbours } from '../../../src/mail/reading/neighbours.ts';
import { Refused } from '../../../src/mail/errors/refused.ts';
import type { MessageQuery } from '../../../src/mail/finding/search.ts';
import { selectMatching } from '../../../src/mail/finding/selection.ts';
import { sortOrder, type SortOrder } from '../../../src/mail/finding/sort.ts';
import { newUser, sandbox, type TestUser } from '../../helpers/env.ts';
import { appendAll, withImap } from '../../helpers/imap.ts';
import { plainText } from '../../fixtures/messages.ts';

async function sessionOf(user: TestUser): Promise<MailSession> {
  const info = await sandbox();
  const settings = { host: '127.0.0.1', port: info.imapPort, secure: false, startTls: true, tlsCa: readFileSync(info.caFile), socketTimeoutMs: 60_000 };
  return new MailSession(settings, user.name, user.password, pino({ level: 'silent' }));
}

/** Records the commands the session sends (imapflow sends every command through exec). */
async function recordCommands(session: MailSession): Promise<string[]> {
  const sent: string[] = [];
  await session.withMailbox('INBOX', async (client) => {
    const c = client as unknown as { exec: (command: string, ...rest: unknown[]) => Promise<unknown> };
    const exec = c.exec;
    c.exec = function (command, ...rest) {
      sent.push(command);
      return exec.call(this, command, ...rest);
    };
  });
  return sent;
}

// Subjects out of arrival order, so sorting by subject is not the mailbox order; every other one says "lunch".
const SUBJECTS = ['Delta lunch', 'Alpha', 'Echo lunch', 'Charlie', 'Bravo lunch', 'Foxtrot', 'Golf lunch'];

describe('a message in its list, against Dovecot', () => {
  let user: TestUser;
  let session: MailSession;
  let uids: number[];
  let sent: string[];

  before(async () => {
    user = await newUser('pos');
    uids = await appendAll(await sandbox(), user, 'INBOX', SUBJECTS.map((s) => plainText(s)));
    session = await sessionOf(user);
    sent = await recordCommands(session);
  });
  after(() => session.close());

  /** The list page's own order for a query and sort, every page. */
  async function listOrder(query: MessageQuery, sort?: SortOrder): Promise<number[]> {
    const page = await listMessages(session, 'INBOX', { page: 1, pageSize: 100, query, sort });
    return page.messages.map((m) => m.uid);
  }

  async function checkWalk(query: MessageQuery, sort?: SortOrder): Promise<void> {
    const order = await listOrder(query, sort);
    assert.ok(order.length >= 3);
    for (const [i, uid] of order.entries()) {
      const around = await listNeighbours(session, 'INBOX', uid, { query, sort });
      assert.deepEqual(around, { previous: order[i - 1], next: order[i + 1], index: i, total: order.length }, `UID ${uid}`);
    }
  }

  it('walks the plain newest-first list in the cached UID list, sending nothing while the mailbox is watched', async () => {
    await checkWalk({});
    sent.length = 0;
    await listNeighbours(session, 'INBOX', uids[3]!, {});
    assert.deepEqual(sent, []);
  });

  it('walks a sorted list and a searched list in their own order, from the windows the list page kept', async () => {
    await checkWalk({}, sortOrder('subject'));
    await checkWalk({ text: 'lunch' });
    await checkWalk({ text: 'lunch' }, sortOrder('subject', 'desc'));
    sent.length = 0;
    await listNeighbours(session, 'INBOX', uids[0]!, { query: { text: 'lunch' }, sort: sortOrder('subject', 'desc') });
    assert.deepEqual(sent, [], 'the list page kept this order');
    await listNeighbours(session, 'INBOX', uids[0]!, { query: { text: 'lunch' }, sort: sortOrder('subject') });
    assert.deepEqual(sent.filter((c) => c !== 'IDLE'), ['UID SORT'], 'an order no page has shown yet: one UID SORT');
  });

  it('has no place for a message the list does not show, and says how long the list is', async () => {
    assert.deepEqual(await listNeighbours(session, 'INBOX', uids[1]!, { query: { text: 'lunch' } }), { previous: undefined, next: undefined, index: undefined, total: 4 });
    assert.deepEqual(await listNeighbours(session, 'INBOX', 999_999, {}), { previous: undefined, next: undefined, index: undefined, total: SUBJECTS.length });
  });

  it('snapshots all matching messages and acts later only on those that still match, up to the snapshot', async () => {
    const lunch = await selectMatching(session, 'INBOX', { text: 'lunch' });
    assert.deepEqual(lunch.uids, [uids[0], uids[2], uids[4], uids[6]]);
    const whole = await selectMatching(session, 'INBOX', {});
    assert.deepEqual(whole.uids, uids);
    assert.equal(whole.upTo, Math.max(...uids));
    // New mail arrives after the confirmation was shown: it is not part of what was confirmed.
    const [late] = await appendAll(await sandbox(), user, 'INBOX', [plainText('Hotel lunch')]);
    const again = await selectMatching(session, 'INBOX', { text: 'lunch' }, lunch);
    assert.deepEqual(again.uids, lunch.uids);
    assert.ok(!again.uids.includes(late!));
    assert.ok((await selectMatching(session, 'INBOX', { text: 'lunch' })).uids.includes(late!), 'a fresh selection has it');
    await assert.rejects(selectMatching(session, 'INBOX', {}, { uidValidity: '1', upTo: whole.upTo }), (err) => err instanceof Refused && err.reason === 'folder-replaced');
  });

  it('marks a whole folder read with one STORE and counts what it marked', async () => {
    await withImap(await sandbox(), user, (c) => c.mailboxOpen('INBOX').then(() => c.messageFlagsAdd(String(uids[2]), ['\\Seen'], { uid: true })));
    sent.length = 0;
    const unread = (await selectMatching(session, 'INBOX', { unseen: true })).uids.length;
    assert.equal(await markAllSeen(session, 'INBOX'), unread);
    assert.equal(sent.filter((c) => c === 'UID STORE' || c === 'STORE').length, 1);
    assert.deepEqual((await selectMatching(session, 'INBOX', { unseen: true })).uids, []);
    assert.equal(await markAllSeen(session, 'INBOX'), 0);
  });
});

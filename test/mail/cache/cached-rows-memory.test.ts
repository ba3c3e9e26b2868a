// What a session's cache keeps of a page of messages is the rows themselves, not imapflow's response lines: its
// parser hands out slices of each FETCH line, and a slice keeps its whole parent alive in V8, so a cached subject
// kept every row's line (the envelope with every recipient and In-Reply-To) for the life of the session (issue 9:
// memory per idle session). Heap after full collections, with lines made long enough (16 KB a row) that keeping
// them is 600 KB on a page, against rows of well under 1 KB: no margin in question, nothing timed.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import v8 from 'node:v8';
import vm from 'node:vm';
import type { MailSession } from '../../../src/mail/connection/mail-session.ts';
import { listMessages } from '../../../src/mail/reading/messages.ts';
import { headersOf, toCachedMessage } from '../../../src/mail/cache/cached-message.ts';
import { newUser, sandbox, type TestUser } from '../../helpers/env.ts';
import { appendAll, crlf } from '../../helpers/imap.ts';
import { countingImap, type Counted } from '../../helpers/counting.ts';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;
const heapAfterGc = () => {
  for (let i = 0; i < 3; i++) gc();
  return process.memoryUsage().heapUsed;
};

const ROWS = 50;
// A reply deep in a thread whose In-Reply-To lists its ancestors (some clients do): the ENVELOPE line is 12 KB.
const longReply = (i: number) => crlf(`From: Carol <carol@example.com>
To: reader@postern.test, Dave <dave@example.org>
Reply-To: Carol <carol@example.com>
Subject: Long thread message number ${i}
Date: Wed, 04 Nov 2026 09:00:00 +0000
Message-ID: <long-thread-${i}@example.com>
In-Reply-To: ${Array.from({ length: 400 }, (_, n) => `<earlier-${n}-of-${i}@example.com>`).join('\n ')}
MIME-Version: 1.0
Content-Type: text/plain; charset=utf-8

Hello.
`);

// Only the count leaves: the page itself (rows shaped straight from the FETCH) is the request's, gone after it.
async function shownRows(session: MailSession): Promise<number> {
  return (await listMessages(session, 'INBOX', { page: 1, pageSize: ROWS })).messages.length;
}

describe('the cache keeps rows, not response lines', () => {
  let counted: Counted;
  let user: TestUser;
  before(async () => {
    counted = await countingImap(await sandbox());
    user = await newUser('rowmem');
    await appendAll(await sandbox(), user, 'INBOX', Array.from({ length: ROWS }, (_, i) => longReply(i + 1)));
  });
  after(() => counted.close());

  it('holds a page of 50 long-envelope rows in far less than their FETCH lines', async (t) => {
    // The first session's page compiles the code paths; the second one's shows what a session keeps.
    await shownRows(counted.session(user));
    const session = counted.session(user);
    await session.withMailbox('INBOX', async () => undefined);
    const base = heapAfterGc();
    assert.equal(await shownRows(session), ROWS);
    const held = heapAfterGc() - base;
    // Each line is about 16 KB (40 recipients, 300 message ids): kept, they would be 800 KB.
    t.diagnostic(`heap held by the page: ${held} bytes; the cache's estimate: ${session.cache.bytes} bytes`);
    assert.ok(held < 250_000, `a cached page holds ${held} bytes of heap`);
    assert.ok(session.cache.bytes < 250_000, `the cache estimates ${session.cache.bytes} bytes`);
  });

  it('keeps what a row shows: Reply-To equal to From shared, dates and flags as the server said', async () => {
    const session = counted.session(user);
    const rows = await session.withMailbox('INBOX', async (client) => client.fetchAll('1:2', { uid: true, flags: true, envelope: true, size: true, internalDate: true, headers: ['content-type'] }));
    const entry = toCachedMessage(rows[0]!, 0);
    assert.equal(entry.subject, 'Long thread message number 1');
    assert.equal(entry.replyTo, entry.from, 'Reply-To equal to From is the same list');
    assert.deepEqual(entry.to, [{ name: '', address: 'reader@postern.test' }, { name: 'Dave', address: 'dave@example.org' }]);
    assert.equal(entry.cc.length, 0);
    assert.equal(entry.messageId, '<long-thread-1@example.com>');
    const headers = headersOf(entry);
    assert.deepEqual(headers.from, [{ name: 'Carol', address: 'carol@example.com' }]);
    assert.equal(headers.date?.toISOString(), '2026-11-04T09:00:00.000Z');
    assert.equal(entry.contentType, 'text/plain');
    assert.deepEqual([...entry.flags], []);
    assert.equal(toCachedMessage(rows[1]!, 0).cc, entry.cc, 'empty lists are one shared list');
  });
});

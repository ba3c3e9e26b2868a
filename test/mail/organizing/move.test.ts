// Moving and removing messages against Dovecot, including the COPY + \Deleted + EXPUNGE fallback for servers
// without MOVE: Dovecot has MOVE and UIDPLUS, so the fallback is called directly, once as with UIDPLUS and once as
// without it, and must leave the same state as MOVE.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { pino } from 'pino';
import { MailError } from '../../../src/mail/errors/mail-errors.ts';
import { MailSession } from '../../../src/mail/connection/mail-session.ts';
import { expungeExactly } from '../../../src/mail/organizing/expunge.ts';
import { expungeMessages, moveByCopy, moveMessages } from '../../../src/mail/organizing/move.ts';
import { Refused } from '../../../src/mail/errors/refused.ts';
import { plainText } from '../../fixtures/messages.ts';
import { newUser, sandbox, type TestUser } from '../../helpers/env.ts';
import { appendAll, withImap } from '../../helpers/imap.ts';
import type { SandboxInfo } from '../../../sandbox/sandbox.ts';

interface Seen {
  subject: string;
  flags: string[];
}

/** Subjects and flags of a folder, by subject, as another client sees them. */
async function contents(info: SandboxInfo, user: TestUser, mailbox: string): Promise<Seen[]> {
  return withImap(info, user, async (c) => {
    const box = await c.mailboxOpen(mailbox, { readOnly: true });
    const out: Seen[] = [];
    if (box.exists === 0) return out;
    for await (const m of c.fetch('1:*', { envelope: true, flags: true })) {
      out.push({ subject: m.envelope?.subject ?? '', flags: [...(m.flags ?? [])].filter((f) => f !== '\\Recent').sort() });
    }
    return out.sort((a, b) => a.subject.localeCompare(b.subject));
  });
}

describe('moving and removing messages against Dovecot', () => {
  let info: SandboxInfo;
  let session: MailSession;
  let user: TestUser;

  before(async () => {
    info = await sandbox();
    user = await newUser('mv');
    session = new MailSession(
      { host: '127.0.0.1', port: info.imapPort, secure: false, startTls: true, tlsCa: readFileSync(info.caFile), socketTimeoutMs: 60_000 },
      user.name, user.password, pino({ level: 'silent' }),
    );
  });
  after(() => session.close());

  /** Fresh folders with messages a..f; c is \Flagged, e and f are \Deleted by "another client" and must survive. */
  async function arrange(source: string, target: string): Promise<number[]> {
    await withImap(info, user, async (c) => {
      await c.mailboxCreate(source);
      await c.mailboxCreate(target);
    });
    const uids = await appendAll(info, user, source, ['a', 'b', 'c', 'd', 'e', 'f'].map((s) => plainText(`${source} ${s}`)));
    await withImap(info, user, async (c) => {
      await c.mailboxOpen(source);
      await c.messageFlagsAdd(String(uids[2]), ['\\Flagged'], { uid: true });
      await c.messageFlagsAdd(`${uids[4]}:${uids[5]}`, ['\\Deleted'], { uid: true });
    });
    return uids;
  }

  /** What every way of moving a, b and c must leave behind. */
  function assertMoved(src: Seen[], dst: Seen[], source: string): void {
    assert.deepEqual(dst, [
      { subject: `${source} a`, flags: [] },
      { subject: `${source} b`, flags: [] },
      { subject: `${source} c`, flags: ['\\Flagged'] },
    ]);
    assert.deepEqual(src, [
      { subject: `${source} d`, flags: [] },
      { subject: `${source} e`, flags: ['\\Deleted'] },
      { subject: `${source} f`, flags: ['\\Deleted'] },
    ]);
  }

  it('moves with UID MOVE: the messages are in the target, gone from the source, other \\Deleted messages stay', async () => {
    const uids = await arrange('M1', 'M1 target');
    const count = await moveMessages(session, 'M1', uids.slice(0, 3), 'M1 target');
    assert.deepEqual(count, { done: 3, missing: 0, label: 'M1 target' });
    assertMoved(await contents(info, user, 'M1'), await contents(info, user, 'M1 target'), 'M1');
  });

  it('moves by COPY + \\Deleted + UID EXPUNGE with the same result as MOVE', async () => {
    const uids = await arrange('M2', 'M2 target');
    await session.withMailbox('M2', (c) => moveByCopy(c, uids.slice(0, 3), 'M2 target', { uidplus: true }));
    assertMoved(await contents(info, user, 'M2'), await contents(info, user, 'M2 target'), 'M2');
  });

  it('moves by COPY + EXPUNGE without UIDPLUS and still keeps the other \\Deleted messages', async () => {
    const uids = await arrange('M3', 'M3 target');
    await session.withMailbox('M3', (c) => moveByCopy(c, uids.slice(0, 3), 'M3 target', { uidplus: false }));
    assertMoved(await contents(info, user, 'M3'), await contents(info, user, 'M3 target'), 'M3');
    // The folder is selected again afterwards, so the session goes on working in it.
    const again = await moveMessages(session, 'M3', [uids[3]!], 'M3 target');
    assert.equal(again.done, 1);
  });

  it('leaves the source untouched when the copy fails', async () => {
    const uids = await arrange('M4', 'M4 target');
    await assert.rejects(
      session.withMailbox('M4', (c) => moveByCopy(c, uids.slice(0, 3), 'M4 nowhere', { uidplus: false })),
      (err: unknown) => err instanceof MailError && err.kind === 'rejected',
    );
    assert.equal((await contents(info, user, 'M4')).length, 6);
  });

  it('counts messages that vanished before the move and moves the rest', async () => {
    const uids = await arrange('M5', 'M5 target');
    const count = await moveMessages(session, 'M5', [uids[0]!, 999_999, uids[1]!, uids[0]!], 'M5 target');
    assert.deepEqual(count, { done: 2, missing: 1, label: 'M5 target' });
  });

  it('refuses a move into the folder the messages are in, and into a folder that does not exist', async () => {
    const uids = await arrange('M6', 'M6 target');
    await assert.rejects(moveMessages(session, 'M6', uids, 'M6'), (err: unknown) => err instanceof Refused && err.reason === 'same-folder');
    await assert.rejects(moveMessages(session, 'M6', uids, 'M6 missing'), (err: unknown) => err instanceof MailError && err.kind === 'not-found');
    assert.equal((await contents(info, user, 'M6')).length, 6);
  });

  for (const uidplus of [true, false]) {
    it(`expunges exactly the given messages ${uidplus ? 'with UID EXPUNGE' : 'without UIDPLUS'}, never other \\Deleted ones`, async () => {
      const name = uidplus ? 'X1' : 'X2';
      const uids = await arrange(name, `${name} unused`);
      if (uidplus) {
        await expungeMessages(session, name, uids.slice(0, 2));
      } else {
        await session.withMailbox(name, (c) => expungeExactly(c, uids.slice(0, 2), { uidplus: false }));
      }
      assert.deepEqual((await contents(info, user, name)).map((m) => m.subject), ['c', 'd', 'e', 'f'].map((s) => `${name} ${s}`));
    });
  }
});

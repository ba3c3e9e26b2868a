// IDLE starts a moment after the session's queue empties (idle-watch.ts IDLE_DELAY_MS), against the real Dovecot
// through a counting proxy: calls that follow each other (a page, then its body frame) find the connection not
// idling and send no IDLE/DONE between them; the mailbox counts as watched meanwhile, so a page in between sends no
// NOOP, and another client's change made then still arrives as an event once IDLE starts; closing the session in
// the delay sends no IDLE after it.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { MailSession } from '../../../src/mail/connection/mail-session.ts';
import { listMessages } from '../../../src/mail/reading/messages.ts';
import { newUser, sandbox, type TestUser } from '../../helpers/env.ts';
import { appendAll, withImap } from '../../helpers/imap.ts';
import { countingImap, type Counted } from '../../helpers/counting.ts';
import { watchEvents } from '../../helpers/watch.ts';
import { plainText } from '../../fixtures/messages.ts';
import type { SandboxInfo } from '../../../sandbox/sandbox.ts';

const page = (session: MailSession) => listMessages(session, 'INBOX', { page: 1, pageSize: 50 });
const fetchOne = (session: MailSession, uid: number) =>
  session.withMailbox('INBOX', async (client) => {
    const row = await client.fetchOne(String(uid), { flags: true }, { uid: true });
    return row ? row.uid : undefined;
  });

describe('IDLE a moment after the last call', () => {
  let info: SandboxInfo;
  let counted: Counted;
  let user: TestUser;
  let uids: number[];
  const idles = () => counted.proxy.commands(/^[A-Za-z0-9.]+ IDLE$/i).length;
  const dones = () => counted.proxy.commands(/^DONE$/i).length;

  before(async () => {
    info = await sandbox();
    counted = await countingImap(info);
    user = await newUser('idledelay');
    uids = await appendAll(info, user, 'INBOX', ['One', 'Two'].map((s) => plainText(s)));
  });
  after(() => counted.close());

  it('sends no IDLE or DONE between calls that follow each other, and no NOOP for a page in between', async () => {
    const session = counted.session(user);
    await page(session);
    counted.commands();
    const [idling, done] = [idles(), dones()];
    assert.equal(await fetchOne(session, uids[0]!), uids[0]);
    assert.equal(session.watching, 'INBOX', 'watched from the moment the queue empties');
    assert.equal((await page(session)).messages.length, 2);
    assert.equal(await fetchOne(session, uids[1]!), uids[1]);
    assert.deepEqual([idles() - idling, dones() - done], [0, 0]);
    assert.deepEqual(counted.commands().map((c) => c.split(' ').slice(0, 2).join(' ')), ['UID FETCH', 'UID FETCH'], 'the page came from the cache');
    await session.close();
  });

  it('still reports a change another client makes before IDLE starts, as an event', async () => {
    const session = counted.session(user);
    await page(session);
    const watch = watchEvents(session, 'INBOX');
    const idling = idles();
    await fetchOne(session, uids[0]!);
    await withImap(info, user, async (c) => {
      await c.mailboxOpen('INBOX');
      await c.messageFlagsAdd(String(uids[1]), ['\\Flagged'], { uid: true });
    });
    const flags = await watch.next((e) => e.type === 'flags' && e.uid === uids[1], 'the flag change');
    assert.ok(flags.type === 'flags' && flags.flags.includes('\\Flagged'));
    assert.ok(idles() > idling, 'IDLE started after the delay');
    watch.stop();
    await session.close();
  });

  it('sends no IDLE after the session closes in the delay', async () => {
    const session = counted.session(user);
    await page(session);
    const idling = idles();
    await session.close();
    // Longer than the delay: a timer left behind would have sent IDLE by then.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    assert.equal(idles(), idling);
  });
});

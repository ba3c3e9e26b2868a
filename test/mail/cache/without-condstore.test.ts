// The cache on a server without CONDSTORE, QRESYNC, ESEARCH and ESORT (Courier): the same Dovecot, with those
// capabilities hidden by the TCP proxy, so Postern never enables them and Dovecot never sends MODSEQ or VANISHED.
// While watched, IDLE's EXISTS, EXPUNGE and FETCH FLAGS keep the cache right; coming back to a folder, nothing can
// say which flags changed meanwhile, so a page confirms the flags of its rows, and the UID list is checked against
// EXISTS and UIDNEXT (read again when messages went).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { MailSession } from '../../../src/mail/connection/mail-session.ts';
import { listMessages } from '../../../src/mail/reading/messages.ts';
import { newUser, sandbox, type TestUser } from '../../helpers/env.ts';
import { appendAll, withImap } from '../../helpers/imap.ts';
import { countingImap, names, type Counted } from '../../helpers/counting.ts';
import { watchEvents } from '../../helpers/watch.ts';
import { plainText } from '../../fixtures/messages.ts';
import type { SandboxInfo } from '../../../sandbox/sandbox.ts';

const COURIER_LACKS = ['CONDSTORE', 'QRESYNC', 'ESEARCH', 'ESORT', 'CONTEXT=SEARCH', 'CONTEXT=SORT'];

const subjects = async (session: MailSession, mailbox = 'INBOX') =>
  (await listMessages(session, mailbox, { page: 1, pageSize: 50 })).messages.map((m) => `${m.subject}${m.seen ? '' : '*'}${m.flagged ? '!' : ''}`);

describe('the cache on a server without CONDSTORE or QRESYNC', () => {
  let info: SandboxInfo;
  let counted: Counted;
  let user: TestUser;
  let session: MailSession;
  let uids: number[];

  before(async () => {
    info = await sandbox();
    counted = await countingImap(info, { stripCapabilities: COURIER_LACKS });
    user = await newUser('courier');
    uids = await appendAll(info, user, 'INBOX', ['One', 'Two', 'Three', 'Four'].map((s) => plainText(s)));
    session = counted.session(user);
  });
  after(() => counted.close());

  it('never enables CONDSTORE or QRESYNC, and still answers a repeated page with no command', async () => {
    assert.deepEqual(await subjects(session), ['Four*', 'Three*', 'Two*', 'One*']);
    const first = counted.commands();
    assert.ok(!first.some((c) => /CONDSTORE|QRESYNC|CHANGEDSINCE|MODSEQ/i.test(c)), first.join('\n'));
    assert.ok(first.some((c) => /^UID SEARCH ALL$/i.test(c)), 'the UID list from a plain UID SEARCH');
    assert.deepEqual(await subjects(session), ['Four*', 'Three*', 'Two*', 'One*']);
    assert.deepEqual(counted.commands(), []);
  });

  it('follows IDLE: a flag, an expunge and new mail from another client, each on the next page with no command', async () => {
    const watch = watchEvents(session, 'INBOX');
    await withImap(info, user, async (c) => {
      await c.mailboxOpen('INBOX');
      await c.messageFlagsAdd(String(uids[0]), ['\\Flagged'], { uid: true });
      await c.messageDelete(String(uids[1]), { uid: true });
    });
    await watch.next((e) => e.type === 'flags' && e.uid === uids[0], 'the flag');
    await watch.next((e) => e.type === 'expunged', 'the expunge');
    await appendAll(info, user, 'INBOX', [plainText('Five')]);
    await watch.next((e) => e.type === 'added', 'the arrival');
    counted.commands();
    assert.deepEqual(await subjects(session), ['Five*', 'Four*', 'Three*', 'One*!']);
    assert.deepEqual(counted.commands(), []);
    watch.stop();
  });

  it('confirms the flags of a page when it comes back to a folder, since nothing says which changed meanwhile', async () => {
    await subjects(session, 'Archive');
    await withImap(info, user, async (c) => {
      await c.mailboxOpen('INBOX');
      await c.messageFlagsAdd(String(uids[2]), ['\\Seen'], { uid: true });
    });
    counted.commands();
    assert.deepEqual(await subjects(session), ['Five*', 'Four*', 'Three', 'One*!']);
    assert.deepEqual(names(counted.commands()), ['SELECT', 'UID FETCH'], 'the rows are cached: only their FLAGS');
  });

  it('reads the UID list again when messages went while it was elsewhere (the count and UIDNEXT say so)', async () => {
    await subjects(session, 'Archive');
    await withImap(info, user, async (c) => {
      await c.mailboxOpen('INBOX');
      await c.messageDelete(String(uids[3]), { uid: true });
    });
    await appendAll(info, user, 'INBOX', [plainText('Six')]);
    counted.commands();
    // One expunged and one arrived: the count alone is unchanged, UIDNEXT is not.
    assert.deepEqual(await subjects(session), ['Six*', 'Five*', 'Three', 'One*!']);
    assert.ok(names(counted.commands()).includes('UID SEARCH'), 'the list was read again');
  });
});

// Gmail's kind of server: CONDSTORE without QRESYNC. Coming back to a folder, the flags changed meanwhile come from
// one UID FETCH ... (CHANGEDSINCE <the MODSEQ of the last visit>), not from a FETCH of every row a page shows.
describe('the cache on a server with CONDSTORE but without QRESYNC', () => {
  let info: SandboxInfo;
  let counted: Counted;
  let user: TestUser;
  let session: MailSession;
  let uids: number[];

  before(async () => {
    info = await sandbox();
    counted = await countingImap(info, { stripCapabilities: ['QRESYNC'] });
    user = await newUser('condstore');
    uids = await appendAll(info, user, 'INBOX', ['One', 'Two', 'Three'].map((s) => plainText(s)));
    session = counted.session(user);
  });
  after(() => counted.close());

  it('asks for the flags changed since its last visit, and only for them', async () => {
    assert.deepEqual(await subjects(session), ['Three*', 'Two*', 'One*']);
    await subjects(session, 'Archive');
    await withImap(info, user, async (c) => {
      await c.mailboxOpen('INBOX');
      await c.messageFlagsAdd(String(uids[1]), ['\\Seen', '\\Flagged'], { uid: true });
    });
    counted.commands();
    assert.deepEqual(await subjects(session), ['Three*', 'Two!', 'One*']);
    const sent = counted.commands();
    assert.deepEqual(names(sent), ['SELECT', 'UID FETCH'], sent.join('\n'));
    assert.match(sent[1]!, /^UID FETCH 1:\* \(UID FLAGS.*\) \(CHANGEDSINCE \d+\)$/);
    assert.deepEqual(await subjects(session), ['Three*', 'Two!', 'One*']);
    assert.deepEqual(counted.commands(), []);
  });
});

// A server without IDLE: nothing tells the connection of changes between requests, so every read asks first (NOOP)
// and then answers from the cache what the NOOP did not change.
describe('the cache on a server without IDLE', () => {
  let info: SandboxInfo;
  let counted: Counted;
  let user: TestUser;
  let session: MailSession;
  let uids: number[];

  before(async () => {
    info = await sandbox();
    counted = await countingImap(info, { stripCapabilities: ['IDLE'] });
    user = await newUser('noidle');
    uids = await appendAll(info, user, 'INBOX', ['One', 'Two'].map((s) => plainText(s)));
    session = counted.session(user);
  });
  after(() => counted.close());

  it('asks the server with one NOOP before each page, and shows another client\'s change at once', async () => {
    assert.deepEqual(await subjects(session), ['Two*', 'One*']);
    counted.commands();
    assert.deepEqual(await subjects(session), ['Two*', 'One*']);
    assert.deepEqual(names(counted.commands()), ['NOOP']);
    await withImap(info, user, async (c) => {
      await c.mailboxOpen('INBOX');
      await c.messageFlagsAdd(String(uids[0]), ['\\Seen'], { uid: true });
    });
    assert.deepEqual(await subjects(session), ['Two*', 'One']);
    assert.deepEqual(names(counted.commands()), ['NOOP'], 'the flag came with the NOOP\'s answer');
    assert.equal(session.watching, undefined);
  });
});

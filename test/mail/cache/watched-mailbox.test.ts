// The session's connection watches its mailbox (IDLE) and its cache answers pages, against the real Dovecot and
// Postfix: what another client or a delivery changes arrives as an event and shows on the next page, which costs no
// IMAP command; coming back to a folder asks only what changed (QRESYNC); a folder replaced under the same name is a
// reset. Commands are counted through a TCP proxy.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import nodemailer from 'nodemailer';
import type { MailSession } from '../../../src/mail/connection/mail-session.ts';
import { listMessages } from '../../../src/mail/reading/messages.ts';
import { listMailboxes } from '../../../src/mail/folders/mailboxes.ts';
import { newUser, sandbox, type TestUser } from '../../helpers/env.ts';
import { appendAll, withImap } from '../../helpers/imap.ts';
import { countingImap, names, type Counted } from '../../helpers/counting.ts';
import { watchEvents } from '../../helpers/watch.ts';
import { plainText } from '../../fixtures/messages.ts';
import type { SandboxInfo } from '../../../sandbox/sandbox.ts';

const subjects = async (session: MailSession, mailbox = 'INBOX') =>
  (await listMessages(session, mailbox, { page: 1, pageSize: 50 })).messages.map((m) => `${m.subject}${m.seen ? '' : '*'}${m.flagged ? '!' : ''}`);

describe('a watched mailbox, against Dovecot and Postfix', () => {
  let info: SandboxInfo;
  let counted: Counted;
  let user: TestUser;
  let session: MailSession;
  let uids: number[];

  before(async () => {
    info = await sandbox();
    counted = await countingImap(info);
    user = await newUser('watch');
    uids = await appendAll(info, user, 'INBOX', ['One', 'Two', 'Three'].map((s) => plainText(s)));
    session = counted.session(user);
  });
  after(() => counted.close());

  it('answers a repeated page and the sidebar with no IMAP command at all', async () => {
    assert.deepEqual(await subjects(session), ['Three*', 'Two*', 'One*']);
    await listMailboxes(session, { maxAgeMs: 30_000 });
    counted.commands();
    assert.deepEqual(await subjects(session), ['Three*', 'Two*', 'One*']);
    await listMailboxes(session, { maxAgeMs: 30_000 });
    assert.deepEqual(counted.commands(), []);
    assert.equal(session.watching, 'INBOX');
  });

  it('announces mail Postfix delivers as "added" with its row, and the next page shows it with no command', async () => {
    const watch = watchEvents(session, 'INBOX');
    const sender = await newUser('sender');
    await nodemailer.createTransport({
      host: '127.0.0.1', port: info.submissionPort, secure: false, requireTLS: true,
      tls: { ca: [readFileSync(info.caFile)] }, auth: { user: sender.name, pass: sender.password },
    }).sendMail({ from: sender.address, to: user.address, subject: 'Delivered', text: 'by Postfix' });
    const added = await watch.next((e) => e.type === 'added', 'the delivery announced');
    assert.equal(added.type === 'added' && added.summaries.map((s) => s.subject).join(), 'Delivered');
    const counts = await watch.next((e) => e.type === 'counts', 'the new counts');
    assert.deepEqual(counts.type === 'counts' && counts.folders.find((f) => f.path === 'INBOX'), { path: 'INBOX', messages: 4, unseen: 4 });
    assert.deepEqual(names(counted.commands()), ['UID FETCH'], 'the new row, fetched once when IDLE announced it');
    assert.deepEqual(await subjects(session), ['Delivered*', 'Three*', 'Two*', 'One*']);
    const inbox = (await listMailboxes(session, { maxAgeMs: 30_000 })).find((f) => f.path === 'INBOX');
    assert.deepEqual([inbox?.messages, inbox?.unseen], [4, 4], 'the counts followed the arrival');
    assert.deepEqual(counted.commands(), []);
    watch.stop();
  });

  it('shows a flag another client set, and its expunge, as events and on the next page, with no command', async () => {
    const watch = watchEvents(session, 'INBOX');
    await withImap(info, user, async (c) => {
      await c.mailboxOpen('INBOX');
      await c.messageFlagsAdd(String(uids[1]), ['\\Flagged', '\\Seen'], { uid: true });
      await c.messageDelete(String(uids[0]), { uid: true });
    });
    const flags = await watch.next((e) => e.type === 'flags' && e.uid === uids[1], 'the flag change');
    assert.ok(flags.type === 'flags' && flags.flags.includes('\\Flagged'));
    const gone = await watch.next((e) => e.type === 'expunged', 'the expunge');
    assert.deepEqual(gone.type === 'expunged' && gone.uids, [uids[0]]);
    const pushed = watch.events.filter((e) => e.type === 'counts').at(-1);
    assert.deepEqual(pushed?.type === 'counts' && pushed.folders.find((f) => f.path === 'INBOX'), { path: 'INBOX', messages: 3, unseen: 2 });
    assert.deepEqual(await subjects(session), ['Delivered*', 'Three*', 'Two!']);
    const inbox = (await listMailboxes(session, { maxAgeMs: 30_000 })).find((f) => f.path === 'INBOX');
    assert.deepEqual([inbox?.messages, inbox?.unseen], [3, 2]);
    assert.deepEqual(counted.commands(), []);
    watch.stop();
  });

  it('asks only what changed when it comes back to a folder: one SELECT with QRESYNC, and the new rows', async () => {
    await subjects(session, 'Archive');
    counted.commands();
    await withImap(info, user, async (c) => {
      await c.mailboxOpen('INBOX');
      await c.messageFlagsRemove(String(uids[1]), ['\\Flagged'], { uid: true });
      await c.messageDelete(String(uids[2]), { uid: true });
    });
    assert.deepEqual(await subjects(session), ['Delivered*', 'Two']);
    const sent = counted.commands();
    assert.deepEqual(names(sent), ['SELECT']);
    assert.match(sent[0]!, /QRESYNC \(\d+ \d+\)/);
    await subjects(session, 'Archive');
    await appendAll(info, user, 'INBOX', [plainText('Four')]);
    counted.commands();
    assert.deepEqual(await subjects(session), ['Four*', 'Delivered*', 'Two']);
    assert.deepEqual(names(counted.commands()), ['SELECT', 'UID FETCH'], 'the one new row, nothing else');
  });

  it('starts over when the folder is replaced under the same name (new UIDVALIDITY): a reset, then the new mail', async () => {
    await withImap(info, user, (c) => c.mailboxCreate('Projects'));
    await appendAll(info, user, 'Projects', [plainText('Old plan')]);
    assert.deepEqual(await subjects(session, 'Projects'), ['Old plan*']);
    const watch = watchEvents(session, 'Projects');
    await withImap(info, user, async (c) => {
      await c.mailboxDelete('Projects');
      await c.mailboxCreate('Projects');
    });
    await appendAll(info, user, 'Projects', [plainText('New plan')]);
    await watch.next((e) => e.type === 'reset', 'the reset');
    assert.deepEqual(await subjects(session, 'Projects'), ['New plan*']);
    watch.stop();
  });
});

// The texts a session keeps (cache/kept-texts.ts) and the message it fetches ahead (reading/prefetch.ts), against
// the real Dovecot through a counting proxy: a message opened again costs no command, the prefetched next one no
// FETCH; an expunge from another client leaves no stale text; many large messages never take the cache past its
// budget; a session left idle lets its texts go and keeps its lists. Waits have hang guards, nothing is timed.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CacheBudget } from '../../../src/mail/cache/cache-budget.ts';
import type { MailSession } from '../../../src/mail/connection/mail-session.ts';
import { MailError } from '../../../src/mail/errors/mail-errors.ts';
import { getMessage, listMessages } from '../../../src/mail/reading/messages.ts';
import { getMessageBody } from '../../../src/mail/reading/message-parts.ts';
import { PREFETCH_MAX_BYTES, prefetchNext } from '../../../src/mail/reading/prefetch.ts';
import { countingImap, names, type Counted } from '../../helpers/counting.ts';
import { newUser, sandbox, type TestUser } from '../../helpers/env.ts';
import { appendAll, withImap } from '../../helpers/imap.ts';
import { watchEvents } from '../../helpers/watch.ts';
import { htmlWithInlineImage, plainText } from '../../fixtures/messages.ts';
import type { SandboxInfo } from '../../../sandbox/sandbox.ts';

/** What a browser asks when a message is opened: the page, then its body frame. */
async function open(session: MailSession, uid: number): Promise<string> {
  await getMessage(session, 'INBOX', uid);
  const body = await getMessageBody(session, 'INBOX', uid);
  return body.parts.map((p) => p.content).join('');
}

/** Polls `done` (a state of the session, not a time) with a hang guard. */
async function until(done: () => boolean, what: string, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!done()) {
    if (Date.now() > end) throw new Error(`${what}: still not after ${ms / 1000} s (hung)`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const kept = (session: MailSession, uid: number) => {
  const view = session.cache.view('INBOX');
  return !!view && session.cache.hasText(view, uid);
};

const gone = (err: unknown) => err instanceof MailError && err.kind === 'not-found';

describe('the texts a session keeps, against Dovecot', () => {
  let info: SandboxInfo;
  let counted: Counted;

  before(async () => {
    info = await sandbox();
    counted = await countingImap(info);
  });
  after(() => counted.close());

  async function mailbox(prefix: string, raws: string[]): Promise<{ user: TestUser; uids: number[] }> {
    const user = await newUser(prefix);
    return { user, uids: await appendAll(info, user, 'INBOX', raws) };
  }

  it('opens a message again, page and body frame, with no IMAP command after others were opened', async () => {
    const { user, uids } = await mailbox('reopen', ['One', 'Two', 'Three', 'Four'].map((s) => plainText(s, `The text of ${s}.\n`)));
    const session = counted.session(user);
    await listMessages(session, 'INBOX', { page: 1, pageSize: 50 });
    for (const uid of uids) await open(session, uid);
    counted.commands();
    assert.equal(await open(session, uids[0]!), 'The text of One.\r\n');
    assert.equal(await open(session, uids[2]!), 'The text of Three.\r\n');
    assert.deepEqual(counted.commands(), []);
  });

  it('opens the prefetched next message with no FETCH, marked read at once and by a STORE after, unread until then', async () => {
    const { user, uids } = await mailbox('ahead', [plainText('Older', 'The older text.\n'), htmlWithInlineImage('Older, in HTML'), plainText('Newest')]);
    const session = counted.session(user);
    await listMessages(session, 'INBOX', { page: 1, pageSize: 50 });
    await open(session, uids[2]!);
    for (const [opened, next] of [[uids[2]!, uids[1]!], [uids[1]!, uids[0]!]] as const) {
      counted.commands();
      prefetchNext(session, 'INBOX', opened, next);
      await until(() => kept(session, next), `message ${next} fetched ahead`);
      const ahead = counted.commands();
      assert.ok(ahead.length >= 1 && ahead.every((c) => /BODY\.PEEK\[|BODYSTRUCTURE/.test(c) && !/BODY\[/.test(c)), ahead.join('\n'));
      assert.equal((await listMessages(session, 'INBOX', { page: 1, pageSize: 50 })).messages.find((m) => m.uid === next)?.seen, false);
      counted.commands();
      const view = await getMessage(session, 'INBOX', next);
      assert.deepEqual(counted.commands(), [], 'the open waited for no command');
      await getMessageBody(session, 'INBOX', next);
      assert.equal(view.seen, true);
      // The cache took the mark at once: the list shows it read before the server has heard of it.
      assert.equal(session.cache.view('INBOX')!.message(next)?.flags.includes('\\Seen'), true);
      const sent: string[] = [];
      await until(() => (sent.push(...counted.commands()), sent.length > 0 && !session.busy), `the STORE of \\Seen for ${next}`);
      assert.deepEqual(names(sent), ['UID STORE'], `opening ${next}`);
      assert.match(sent[0]!, new RegExp(`^UID STORE ${next} \\+FLAGS\\.SILENT \\(\\\\Seen\\)`));
      const onServer = await withImap(info, user, async (client) => {
        await client.mailboxOpen('INBOX', { readOnly: true });
        return (await client.fetchOne(String(next), { flags: true }, { uid: true }) || undefined)?.flags;
      });
      assert.ok(onServer?.has('\\Seen'), `${next} is read on the server too`);
    }
  });

  it('does not fetch the text of a big message ahead', async () => {
    const big = 'x'.repeat(76).concat('\n').repeat(Math.ceil((PREFETCH_MAX_BYTES + 1000) / 77));
    const { user, uids } = await mailbox('bigahead', [plainText('Big', big), plainText('Small')]);
    const session = counted.session(user);
    await listMessages(session, 'INBOX', { page: 1, pageSize: 50 });
    await open(session, uids[1]!);
    counted.commands();
    prefetchNext(session, 'INBOX', uids[1]!, uids[0]!);
    await until(() => session.watching === 'INBOX' && session.cache.view('INBOX')!.structure(uids[0]!) !== undefined, 'the structure fetched ahead');
    const ahead = counted.commands();
    assert.deepEqual(names(ahead), ['UID FETCH']);
    assert.doesNotMatch(ahead[0]!, /BODY(\.PEEK)?\[/, 'no text of a big message');
    assert.equal(kept(session, uids[0]!), false);
  });

  it('shows no stale text for a message another client expunged: the page and the body frame say it is gone', async () => {
    const { user, uids } = await mailbox('expunged', ['Keep', 'Doomed'].map((s) => plainText(s)));
    const session = counted.session(user);
    await listMessages(session, 'INBOX', { page: 1, pageSize: 50 });
    const doomed = uids[1]!;
    await open(session, doomed);
    const watch = watchEvents(session, 'INBOX');
    await withImap(info, user, async (client) => {
      await client.mailboxOpen('INBOX');
      await client.messageDelete(String(doomed), { uid: true });
    });
    await watch.next((e) => e.type === 'expunged', 'the expunge reported');
    watch.stop();
    await assert.rejects(getMessageBody(session, 'INBOX', doomed), gone);
    await assert.rejects(getMessage(session, 'INBOX', doomed), gone);
  });

  it('never lets many large messages take the texts past their allowance, and keeps the last ones opened', async () => {
    const textBytes = 160 << 10;
    const text = (i: number) => `Message ${i}. `.concat('Words of some length. '.repeat(600));
    const { user, uids } = await mailbox('budget', Array.from({ length: 12 }, (_, i) => plainText(`Large ${i}`, text(i))));
    const session = counted.session(user, { budget: new CacheBudget({ maxBytes: 64 << 20, sessionBytes: 64 << 10, textBytes }) });
    await listMessages(session, 'INBOX', { page: 1, pageSize: 50 });
    for (const uid of uids) {
      await open(session, uid);
      // The lists of twelve messages are a few KB (and bounded apart): what is above them is the texts.
      const lists = session.cache.bytes - session.cache.textBytes;
      assert.ok(session.cache.textBytes <= textBytes, `${session.cache.textBytes} bytes of texts after opening ${uid}`);
      assert.ok(lists < 16 << 10, `${lists} bytes of lists`);
    }
    assert.ok(session.cache.texts >= 2 && session.cache.texts < uids.length, `${session.cache.texts} texts kept`);
    counted.commands();
    await open(session, uids.at(-2)!);
    await open(session, uids.at(-1)!);
    assert.deepEqual(counted.commands(), [], 'the last two opened come from the cache');
  });

  it('gives the texts an allowance of their own: many kept beside the lists, none past it, none at all with 0', async () => {
    const text = (i: number) => `Message ${i}. `.concat('Words of some length. '.repeat(300));
    const { user, uids } = await mailbox('allowance', Array.from({ length: 12 }, (_, i) => plainText(`Medium ${i}`, text(i))));
    const sessionBytes = 64 << 10;
    const textBytes = 320 << 10;
    const session = counted.session(user, { budget: new CacheBudget({ maxBytes: 64 << 20, sessionBytes, textBytes }) });
    await listMessages(session, 'INBOX', { page: 1, pageSize: 50 });
    const lists = session.cache.bytes;
    for (const uid of uids) await open(session, uid);
    // About 7 KB each (19 KB as counted, the page's inline document included): all twelve fit in 320 KB.
    assert.equal(session.cache.texts, uids.length);
    assert.ok(session.cache.bytes - lists > sessionBytes, `${session.cache.bytes - lists} bytes of texts`);
    assert.ok(session.cache.view('INBOX')!.messages.size >= uids.length, 'the lists stay whole beside them');
    counted.commands();
    for (const uid of uids) await open(session, uid);
    assert.deepEqual(counted.commands(), [], 'every one of them opened again from the cache');

    const small = counted.session(user, { budget: new CacheBudget({ maxBytes: 64 << 20, sessionBytes, textBytes: 64 << 10 }) });
    await listMessages(small, 'INBOX', { page: 1, pageSize: 50 });
    for (const uid of uids) await open(small, uid);
    assert.ok(small.cache.texts >= 2 && small.cache.texts <= 3, `${small.cache.texts} texts within 64 KB`);
    assert.ok(small.cache.textBytes <= 64 << 10);

    const none = counted.session(user, { budget: new CacheBudget({ maxBytes: 64 << 20, sessionBytes, textBytes: 0 }) });
    await listMessages(none, 'INBOX', { page: 1, pageSize: 50 });
    await open(none, uids[0]!);
    assert.equal(none.cache.texts, 0);
  });

  it('lets the texts of an idle session go and keeps its lists', async () => {
    const { user, uids } = await mailbox('idle', ['One', 'Two'].map((s) => plainText(s)));
    const session = counted.session(user, { textIdleMs: 50 });
    await listMessages(session, 'INBOX', { page: 1, pageSize: 50 });
    for (const uid of uids) await open(session, uid);
    assert.equal(session.cache.texts, 2);
    await until(() => session.cache.texts === 0, 'the texts released');
    const view = session.cache.view('INBOX')!;
    assert.deepEqual(uids.map((uid) => view.messages.has(uid)), [true, true], 'the summaries stay');
    counted.commands();
    await listMessages(session, 'INBOX', { page: 1, pageSize: 50 });
    assert.deepEqual(counted.commands(), [], 'the list is still free');
    await open(session, uids[0]!);
    assert.deepEqual(names(counted.commands()), ['UID FETCH'], 'the text again, structure and summary known');
  });
});

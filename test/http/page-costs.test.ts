// What a page costs in IMAP commands, counted through a proxy between Postern and the real Dovecot (DESIGN.md,
// performance model): a warm inbox page sends nothing; opening a message fetches its structure and text once,
// marking it read without a STORE, and its body frame and the list after it send nothing; a sorted page asks the
// server for its window only; the user's own flag change shows on the next page without asking the server.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type supertest from 'supertest';
import { buildApp, signIn, tokenOf, type TestApp } from '../helpers/app.ts';
import { commandCounter, names } from '../helpers/counting.ts';
import { newUser, sandbox, type TestUser } from '../helpers/env.ts';
import type { SandboxInfo } from '../../sandbox/sandbox.ts';
import { appendAll, withImap } from '../helpers/imap.ts';
import { startProxy, type TcpProxy } from '../helpers/tcp-proxy.ts';
import { htmlWithInlineImage, plainText } from '../fixtures/messages.ts';

const rows = (html: string) => [...html.matchAll(/<li class="msg (read|unread)[^"]*" data-uid="(\d+)"/g)].map((m) => ({ uid: Number(m[2]), read: m[1] === 'read' }));
// Opening a message fetches the next one in the list ahead (reading/prefetch.ts), in the background: whether it
// went out before or after a count depends on timing, so counts leave it out (test/mail/reading/prefetch.test.ts).
const prefetch = /^UID FETCH \d+ \(UID FLAGS (ENVELOPE .*)?BODYSTRUCTURE BODY\.PEEK\[1\]/;
const withoutPrefetch = (sent: string[]) => sent.filter((c) => !prefetch.test(c));
const unreadBadge = (html: string) => Number(/<li class="depth-0 current[^"]*">[\s\S]*?(?:<span class="unseen"[^>]*>(\d+)<\/span>|<\/li>)/.exec(html)?.[1] ?? 0);

describe('what pages cost in IMAP commands', () => {
  let proxy: TcpProxy;
  let t: TestApp;
  let user: TestUser;
  let agent: ReturnType<typeof supertest.agent>;
  let commands: () => string[];
  let plain: number[];
  let html: number;
  let info: SandboxInfo;

  before(async () => {
    info = await sandbox();
    proxy = await startProxy({ port: info.imapPort });
    commands = commandCounter(proxy);
    t = buildApp(info, { IMAP_URL: `imap+insecure://127.0.0.1:${proxy.port}` });
    user = await newUser('costs');
    plain = await appendAll(info, user, 'INBOX', Array.from({ length: 120 }, (_, i) => plainText(`Topic ${String((i * 37) % 120).padStart(3, '0')}`)));
    [html] = await appendAll(info, user, 'INBOX', [htmlWithInlineImage('With a picture')]) as [number];
    agent = await signIn(t.app, user);
  });
  after(async () => {
    await t.close();
    await proxy.close();
  });

  it('answers a warm inbox page, sidebar included, with no command', async () => {
    await agent.get('/mailbox/INBOX').expect(200);
    commands();
    const page = await agent.get('/mailbox/INBOX').expect(200);
    assert.equal(rows(page.text).length, 50);
    assert.deepEqual(commands(), []);
  });

  it('opens a one-part message with one FETCH that also marks it read; the body frame and the list then send nothing', async () => {
    const uid = plain[119]!;
    const before = unreadBadge((await agent.get('/mailbox/INBOX').expect(200)).text);
    commands();
    await agent.get(`/message/INBOX/${uid}`).expect(200);
    const sent = commands();
    assert.deepEqual(names(sent), ['UID FETCH'], sent.join('\n'));
    assert.match(sent[0]!, /BODYSTRUCTURE/);
    assert.match(sent[0]!, /BODY\[1\]<0\.\d+>/, 'BODY[1], not BODY.PEEK: reading marks it \\Seen');
    const body = await agent.get(`/message/INBOX/${uid}/body`).expect(200);
    assert.match(body.text, /see <a[^>]*>https:\/\/example\.com\/a\?b=1<\/a> for details/);
    const list = await agent.get('/mailbox/INBOX').expect(200);
    assert.deepEqual(withoutPrefetch(commands()), [], 'body frame and list from the cache');
    assert.equal(rows(list.text).find((r) => r.uid === uid)?.read, true);
    assert.equal(unreadBadge(list.text), before - 1);
  });

  it('opens a multipart message with two FETCHes (the structure, then the text it shows), and again with none', async () => {
    await agent.get(`/message/INBOX/${html}`).expect(200);
    const sent = withoutPrefetch(commands());
    assert.deepEqual(names(sent), ['UID FETCH', 'UID FETCH'], sent.join('\n'));
    assert.match(sent[1]!, /BODY\[1\.1\.2\]/, 'the HTML alternative only');
    await agent.get(`/message/INBOX/${html}/body`).expect(200);
    await agent.get(`/message/INBOX/${html}`).expect(200);
    await agent.get(`/message/INBOX/${html}/part/2`).expect(200);
    assert.deepEqual(names(withoutPrefetch(commands())), ['UID FETCH'], 'only the attachment itself: its structure was known');
  });

  it('asks for a sorted page\'s window only (ESORT PARTIAL), then nothing for it again', async () => {
    await agent.get('/mailbox/INBOX?sort=subject').expect(200);
    commands();
    const second = await agent.get('/mailbox/INBOX?sort=subject&page=2').expect(200);
    const sent = commands();
    assert.deepEqual(names(sent), ['UID SORT', 'UID FETCH']);
    assert.match(sent[0]!, /RETURN \(COUNT PARTIAL 50:101\)/, 'positions 51-100 and one on each side');
    assert.equal(rows(second.text).length, 50);
    await agent.get('/mailbox/INBOX?sort=subject&page=2').expect(200);
    assert.deepEqual(commands(), []);
    const last = rows(second.text).at(-1)!.uid;
    await agent.get(`/message/INBOX/${last}?list=${encodeURIComponent('sort=subject&page=2')}`).expect(200);
    assert.ok(!names(commands()).includes('UID SORT'), 'the neighbours came from the kept window');
  });

  it('shows the "message gone" page, not a kept text, for a message another client expunged', async () => {
    const uid = plain[50]!;
    await agent.get(`/message/INBOX/${uid}`).expect(200);
    await agent.get(`/message/INBOX/${uid}/body`).expect(200);
    await withImap(info, user, async (client) => {
      await client.mailboxOpen('INBOX');
      await client.messageDelete(String(uid), { uid: true });
    });
    // Dovecot tells the watching connection about half a second later; the list (from the cache) shows when.
    const until = Date.now() + 10_000;
    while (rows((await agent.get('/mailbox/INBOX?page=2').expect(200)).text).some((r) => r.uid === uid)) {
      if (Date.now() > until) throw new Error('the expunge never reached the list (hung)');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const page = await agent.get(`/message/INBOX/${uid}`).expect(404);
    assert.match(page.text, new RegExp(`no message ${uid} in this folder`));
    const body = await agent.get(`/message/INBOX/${uid}/body`).expect(404);
    assert.doesNotMatch(body.text, /for details/, 'not the kept text');
  });

  it('opens the next message of the list, fetched ahead while the reader read, with no FETCH and a STORE of \\Seen after the page', async () => {
    const [third, second, first] = [plain[28]!, plain[29]!, plain[30]!];
    await agent.get('/mailbox/INBOX?page=2').expect(200);
    // Going down the list: the first, then its next one (a reader who follows the list gets the one after fetched).
    await agent.get(`/message/INBOX/${first}`).expect(200);
    await agent.get(`/message/INBOX/${second}`).expect(200);
    await agent.get(`/message/INBOX/${second}/body`).expect(200);
    const ahead = new RegExp(`^UID FETCH ${third} \\(UID FLAGS BODYSTRUCTURE BODY\\.PEEK\\[1\\]`);
    const seen: string[] = [];
    const until = Date.now() + 10_000;
    while (!seen.some((c) => ahead.test(c))) {
      if (Date.now() > until) throw new Error(`no prefetch of ${third} (hung):\n${seen.join('\n')}`);
      seen.push(...commands());
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    // The page does not wait for the STORE: held at the proxy, it keeps the server from hearing it until the page
    // and its body came.
    let held = false;
    proxy.onClientLine = (line) => {
      if (/^\S+ UID STORE /.test(line)) {
        held = true;
        proxy.freeze();
      }
    };
    try {
      const page = await agent.get(`/message/INBOX/${third}`).timeout(5_000).expect(200);
      const body = await agent.get(`/message/INBOX/${third}/body`).timeout(5_000).expect(200);
      assert.match(page.text, /Topic/);
      assert.match(body.text, /for details/);
      assert.match(page.text, /<button type="submit" name="seen" value="0">/, 'the page shows it read');
      const until = Date.now() + 10_000;
      while (!held) {
        if (Date.now() > until) throw new Error('no STORE after the page (hung)');
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    } finally {
      proxy.onClientLine = undefined;
      proxy.thaw();
    }
    // The one after it is fetched ahead in turn (UID FETCH <older uid> ... BODY.PEEK): not part of this open.
    const sent = commands().filter((c) => !prefetch.test(c) || c.startsWith(`UID FETCH ${third} `));
    assert.deepEqual(names(sent), ['UID STORE'], `marked read, nothing fetched:\n${sent.join('\n')}`);
    const flags = await withImap(info, user, async (client) => {
      await client.mailboxOpen('INBOX', { readOnly: true });
      return (await client.fetchOne(String(third), { flags: true }, { uid: true }) || undefined)?.flags;
    });
    assert.ok(flags?.has('\\Seen'), 'read on the server once the STORE went through');
  });

  it('shows the user\'s own flag change on the next list with nothing but the folder counts asked again', async () => {
    const uid = plain[100]!;
    const token = await tokenOf(agent);
    commands();
    await agent.post(`/message/INBOX/${uid}/flags`).type('form').send({ _csrf: token, flagged: '1' }).expect(303);
    assert.ok(names(commands()).includes('UID STORE'));
    const page = await agent.get('/mailbox/INBOX').expect(200);
    assert.match(page.text, new RegExp(`<li class="msg [a-z]+ flagged" data-uid="${uid}"`));
    assert.deepEqual(names(commands()), ['LIST'], 'a write forgets the folder counts; the rows come from the cache');
  });
});

// What the list of conversations (settings listMode) costs in IMAP commands, counted through a proxy between
// Postern and the real Dovecot, as page-costs.test.ts counts the plain list: a repeated unchanged list sends
// nothing; a new message costs THREAD again and the FETCH of that message only; another client's flag change shows
// without THREAD or FETCH (IDLE reported it).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type supertest from 'supertest';
import { discussion, rawMail } from '../fixtures/thread.ts';
import { buildApp, signIn, type TestApp } from '../helpers/app.ts';
import { commandCounter, names } from '../helpers/counting.ts';
import { newUser, sandbox, type TestUser } from '../helpers/env.ts';
import { appendAll, withImap } from '../helpers/imap.ts';
import { eventually } from '../helpers/live.ts';
import { startProxy, type TcpProxy } from '../helpers/tcp-proxy.ts';
import type { SandboxInfo } from '../../sandbox/sandbox.ts';
import { saveSettings } from './settings-helpers.ts';

const countOf = (html: string, uid: number) =>
  Number(new RegExp(`data-uid="${uid}">[\\s\\S]*?<span class="thread-count" aria-hidden="true">(\\d+)</span>`).exec(html)?.[1] ?? 1);
const unreadRow = (html: string, uid: number) => new RegExp(`<li class="msg unread[^"]*" data-uid="${uid}"`).test(html);

describe('what the list of conversations costs in IMAP commands', () => {
  let info: SandboxInfo;
  let proxy: TcpProxy;
  let t: TestApp;
  let user: TestUser;
  let agent: ReturnType<typeof supertest.agent>;
  let commands: () => string[];
  const topics = Array.from({ length: 6 }, (_, i) => `Costly topic ${i}`);
  const threads: number[][] = [];

  before(async () => {
    info = await sandbox();
    proxy = await startProxy({ port: info.imapPort });
    commands = commandCounter(proxy);
    t = buildApp(info, { IMAP_URL: `imap+insecure://127.0.0.1:${proxy.port}` });
    user = await newUser('convcost');
    for (const topic of topics) {
      const mails = discussion({ count: 4, own: [], self: `Me <${user.address}>`, other: 'Dana <dana@example.com>', topic });
      threads.push(await appendAll(info, user, 'INBOX', mails.map(rawMail)));
    }
    agent = await signIn(t.app, user);
    assert.equal((await saveSettings(agent, { listMode: 'conversations' })).status, 303);
  });
  after(async () => {
    await t.close();
    await proxy.close();
  });

  it('threads the folder once, then answers the same list again with no command', async () => {
    const first = await agent.get('/mailbox/INBOX').expect(200);
    assert.equal(countOf(first.text, threads[5]!.at(-1)!), 4, 'one row per conversation, with its count');
    await agent.get('/mailbox/INBOX').expect(200);
    commands();
    const again = await agent.get('/mailbox/INBOX').expect(200);
    assert.deepEqual(commands(), [], 'THREAD and the rows from the session cache');
    assert.equal(countOf(again.text, threads[5]!.at(-1)!), 4);
  });

  it('threads again when a message arrives, fetching only the new message\'s row', async () => {
    await agent.get('/mailbox/INBOX').expect(200);
    commands();
    const [reply] = discussion({ count: 5, own: [], self: `Me <${user.address}>`, other: 'Dana <dana@example.com>', topic: topics[2]! }).slice(4);
    const [uid] = await appendAll(info, user, 'INBOX', [rawMail(reply!)]) as [number];
    const sent: string[] = [];
    await eventually(10_000, 'the reply joins its conversation', async () => {
      const html = (await agent.get('/mailbox/INBOX').expect(200)).text;
      sent.push(...commands());
      return countOf(html, uid) === 5;
    });
    assert.ok(names(sent).includes('UID THREAD'), sent.join('\n'));
    for (const fetch of sent.filter((c) => /^UID FETCH/i.test(c))) assert.match(fetch, new RegExp(`^UID FETCH ${uid}(:\\*)? `, 'i'), `only the new message: ${fetch}`);
    commands();
    await agent.get('/mailbox/INBOX').expect(200);
    assert.deepEqual(commands(), [], 'and nothing again after that');
  });

  it('shows another client\'s flag change without THREAD or FETCH', async () => {
    const newest = threads[4]!.at(-1)!;
    assert.ok(unreadRow((await agent.get('/mailbox/INBOX').expect(200)).text, newest));
    commands();
    await withImap(info, user, async (c) => {
      await c.mailboxOpen('INBOX');
      await c.messageFlagsAdd(threads[4]!.join(','), ['\\Seen'], { uid: true });
    });
    const sent: string[] = [];
    await eventually(10_000, 'the conversation shown read', async () => {
      const html = (await agent.get('/mailbox/INBOX').expect(200)).text;
      sent.push(...commands());
      return !unreadRow(html, newest);
    });
    assert.ok(!names(sent).some((c) => /THREAD|FETCH/i.test(c)), sent.join('\n'));
  });
});

// Conversations on a server without THREAD (RFC 5256 is an extension; Gmail and some appliances lack it): the
// sandbox's Dovecot with THREAD=* hidden by the TCP proxy, so Postern finds the conversation itself (SEARCH HEADER
// by ids, then the subject as the last resort: threads/related-mail.ts). The same mailbox seen through Dovecot's
// own THREAD=REFERENCES must give the same conversation, message for message and in the same order.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ImapFlow } from 'imapflow';
import type supertest from 'supertest';
import type { SandboxInfo } from '../../sandbox/sandbox.ts';
import { discussion, rawMail } from '../fixtures/thread.ts';
import { plainText } from '../fixtures/messages.ts';
import { buildApp, signIn, type TestApp } from '../helpers/app.ts';
import { commandCounter, names } from '../helpers/counting.ts';
import { newUser, sandbox, type TestUser } from '../helpers/env.ts';
import { appendAll, crlf } from '../helpers/imap.ts';
import { startProxy, type TcpProxy } from '../helpers/tcp-proxy.ts';
import { saveSettings } from './settings-helpers.ts';

type Agent = ReturnType<typeof supertest.agent>;

const NO_THREAD = ['THREAD=REFERENCES', 'THREAD=REFS', 'THREAD=ORDEREDSUBJECT'];

/** The conversation as the page shows it: each message's folder and UID, in page order, and the action bar's UIDs. */
async function shown(agent: Agent, uid: number) {
  const html = (await agent.get(`/conversation/INBOX/${uid}`).expect(200)).text;
  return {
    messages: [...html.matchAll(/<li id="c-(s?)(\d+)">/g)].map((m) => `${m[1] ? 'Sent' : 'INBOX'}:${m[2]}`),
    actionUids: /name="uid" value="([^"]*)"/.exec(html)?.[1],
  };
}

describe('conversations on a server without THREAD (Dovecot with THREAD hidden)', () => {
  let info: SandboxInfo;
  let proxy: TcpProxy;
  let direct: TestApp;
  let hidden: TestApp;
  let user: TestUser;
  let withThread: Agent;
  let withoutThread: Agent;
  let commands: () => string[];

  before(async () => {
    info = await sandbox();
    proxy = await startProxy({ port: info.imapPort }, { stripCapabilities: NO_THREAD });
    commands = commandCounter(proxy);
    direct = buildApp(info);
    hidden = buildApp(info, { IMAP_URL: `imap+insecure://127.0.0.1:${proxy.port}` });
    user = await newUser('nothread');
    withThread = await signIn(direct.app, user);
    withoutThread = await signIn(hidden.app, user);
  });
  after(async () => {
    await direct.close();
    await hidden.close();
    await proxy.close();
  });

  it('hides THREAD from Postern: the proxy\'s CAPABILITY has none', async () => {
    // Plain IMAP as Postern talks to the proxy (imap+insecure): the stripper reads the server's lines.
    const client = new ImapFlow({ host: '127.0.0.1', port: proxy.port, secure: false, doSTARTTLS: false, auth: { user: user.name, pass: user.password }, logger: false });
    await client.connect();
    const caps = [...client.capabilities.keys()];
    await client.logout();
    assert.ok(caps.some((c) => c.toUpperCase() === 'IMAP4REV1'), caps.join(' '));
    assert.deepEqual(caps.filter((c) => c.startsWith('THREAD=')), []);
  });

  it('finds the same 12-message conversation with the user\'s replies from Sent, and a reply that lost its ids', async () => {
    const topic = 'Budget 2027';
    const own = [1, 4, 7, 10];
    const mails = discussion({ count: 12, own, self: `Me <${user.address}>`, other: 'Dana <dana@example.com>', topic });
    const inbox = await appendAll(info, user, 'INBOX', mails.filter((_, i) => !own.includes(i)).map(rawMail));
    await appendAll(info, user, 'Sent', mails.filter((_, i) => own.includes(i)).map(rawMail), ['\\Seen']);
    // A reply from a mail program that wrote neither References nor In-Reply-To: joined by its subject alone, as
    // RFC 5256 section 2.2 step 5 does (and Dovecot's THREAD with it). Around it, what must stay out: a message whose
    // subject contains the topic's but is another, and an unrelated one.
    const [lost] = await appendAll(info, user, 'INBOX', [crlf([
      'From: Erik <erik@example.com>', `To: ${user.address}`, `Subject: Re: ${topic}`, 'Date: Mon, 02 Mar 2026 21:00:00 +0000',
      'Message-ID: <lost-ids@example.com>', 'MIME-Version: 1.0', 'Content-Type: text/plain; charset=utf-8', '', 'I lost the thread but not the subject.', '',
    ].join('\n'))]) as [number];
    await appendAll(info, user, 'INBOX', [plainText(`${topic} kickoff`), plainText('Unrelated lunch')]);

    commands();
    const without = await shown(withoutThread, inbox[3]!);
    const sent = commands();
    assert.ok(!names(sent).some((c) => /THREAD/.test(c)), sent.join('\n'));
    assert.ok(sent.some((c) => /^UID SEARCH .*HEADER/i.test(c)), 'found by ids');
    assert.ok(sent.some((c) => /^UID SEARCH .*SUBJECT/i.test(c)), 'and by subject');
    const withIt = await shown(withThread, inbox[3]!);
    assert.equal(withIt.messages.length, 13, `Dovecot's THREAD: the twelve and the reply by subject: ${withIt.messages.join(' ')}`);
    assert.deepEqual(without.messages, withIt.messages);
    assert.equal(without.actionUids, [...inbox, lost].join(','));
    assert.equal(withIt.actionUids, without.actionUids);
    assert.equal(without.messages.filter((m) => m.startsWith('Sent:')).length, own.length);
    // Opened from the reply that lost its ids, the conversation is the same.
    assert.deepEqual((await shown(withoutThread, lost)).messages, withIt.messages);
  });

  it('lists one row per message when the setting asks for conversations and the server cannot thread', async () => {
    assert.equal((await saveSettings(withoutThread, { listMode: 'conversations' })).status, 303);
    try {
      const html = (await withoutThread.get('/mailbox/INBOX').expect(200)).text;
      assert.doesNotMatch(html, /class="thread-count"/);
      assert.equal(html.match(/<li class="msg /g)?.length, 11, 'the eleven INBOX messages, each its own row');
    } finally {
      await saveSettings(withoutThread, { listMode: 'messages' });
    }
  });
});

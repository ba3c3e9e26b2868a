// The folder list is kept in the session's cache: the watched folder's counts follow what IDLE reports, and the
// tree is forgotten whenever Postern changes something, so a page after a write always shows the new counts.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildApp, signIn, tokenOf, type TestApp } from '../../helpers/app.ts';
import { newUser, sandbox, type TestUser } from '../../helpers/env.ts';
import { appendAll } from '../../helpers/imap.ts';
import { plainText } from '../../fixtures/messages.ts';
import { eventually } from '../../helpers/live.ts';

const unreadBadge = (html: string) => Number(/<li class="depth-0 current[^"]*">[\s\S]*?(?:<span class="unseen"[^>]*>(\d+)<\/span>|<\/li>)/.exec(html)?.[1] ?? 0);

describe('the folder list cache', () => {
  let t: TestApp;
  let user: TestUser;
  let uids: number[];
  before(async () => {
    t = buildApp(await sandbox());
    user = await newUser('cache');
    uids = await appendAll(await sandbox(), user, 'INBOX', [plainText('One'), plainText('Two'), plainText('Three')]);
  });
  after(() => t.close());

  it('shows new unread counts right after opening a message and after a flag change', async () => {
    const agent = await signIn(t.app, user);
    assert.equal(unreadBadge((await agent.get('/mailbox/INBOX').expect(200)).text), 3);
    await agent.get(`/message/INBOX/${uids[0]}`).expect(200);
    assert.equal(unreadBadge((await agent.get('/mailbox/INBOX').expect(200)).text), 2, 'opening marked it seen');
    await agent.post(`/message/INBOX/${uids[0]}/flags`).type('form').send({ _csrf: await tokenOf(agent), seen: '0' }).expect(303);
    assert.equal(unreadBadge((await agent.get('/mailbox/INBOX').expect(200)).text), 3, 'marked unread again');
  });

  it('shows mail from elsewhere on the mailbox page as soon as the server reports it, list and unread count', async () => {
    const agent = await signIn(t.app, user);
    const before = unreadBadge((await agent.get('/mailbox/INBOX').expect(200)).text);
    await agent.get(`/message/INBOX/${uids[1]}?remote=0`).expect(200);
    const opened = unreadBadge((await agent.get('/mailbox/INBOX').expect(200)).text);
    await appendAll(await sandbox(), user, 'INBOX', [plainText('From elsewhere')]);
    // Dovecot tells the watching connection about half a second later; no page shows a wrong count meanwhile.
    let page = '';
    await eventually(10_000, 'the new message on the mailbox page', async () => {
      page = (await agent.get('/mailbox/INBOX').expect(200)).text;
      if (!/From elsewhere/.test(page)) assert.equal(unreadBadge(page), opened);
      return /From elsewhere/.test(page);
    });
    assert.equal(unreadBadge(page), opened + 1);
    assert.ok(before >= opened);
  });
});

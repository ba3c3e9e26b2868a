// The folder list is kept per connection for a few seconds, and forgotten whenever Postern changes something:
// a page after a write always shows the new counts.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildApp, signIn, tokenOf, type TestApp } from '../../helpers/app.ts';
import { newUser, sandbox, type TestUser } from '../../helpers/env.ts';
import { appendAll } from '../../helpers/imap.ts';
import { plainText } from '../../fixtures/messages.ts';

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

  it('shows mail from elsewhere on the mailbox page at once, list and unread count, while message pages reuse the list', async () => {
    const agent = await signIn(t.app, user);
    const before = unreadBadge((await agent.get('/mailbox/INBOX').expect(200)).text);
    await agent.get(`/message/INBOX/${uids[1]}?remote=0`).expect(200);
    const opened = unreadBadge((await agent.get('/mailbox/INBOX').expect(200)).text);
    await appendAll(await sandbox(), user, 'INBOX', [plainText('From elsewhere')]);
    const page = (await agent.get('/mailbox/INBOX').expect(200)).text;
    assert.match(page, /From elsewhere/);
    assert.equal(unreadBadge(page), opened + 1);
    assert.ok(before >= opened);
  });
});

// Subscriptions against Dovecot: a rename carries them to the new names, and the sidebar shows what the user
// subscribed to while the folder page shows every folder with its state.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type supertest from 'supertest';
import type { SandboxInfo } from '../../sandbox/sandbox.ts';
import { plainText } from '../fixtures/messages.ts';
import { buildApp, signIn, tokenOf, type TestApp } from '../helpers/app.ts';
import { newUser, sandbox, type TestUser } from '../helpers/env.ts';
import { appendAll, subscriptionList, withImap } from '../helpers/imap.ts';

type Agent = ReturnType<typeof supertest.agent>;

const at = (path: string) => `/mailbox/${encodeURIComponent(path)}`;

async function flashAt(agent: Agent, location: string): Promise<string[]> {
  const page = await agent.get(location).expect(200);
  return [...page.text.matchAll(/<p class="flash (info|error)" role="status">([^<]*)<\/p>/g)].map((m) => `${m[1]}: ${m[2]}`);
}

describe('folder subscriptions against Dovecot', () => {
  let info: SandboxInfo;
  let t: TestApp;
  let user: TestUser;
  let agent: Agent;
  let csrf: string;

  const post = (path: string, fields: Record<string, string>) => agent.post(path).type('form').send({ _csrf: csrf, ...fields });
  /** path -> subscribed, as another client sees the LIST */
  const listed = () => withImap(info, user, async (c) => new Map((await c.list()).map((m) => [m.path, { subscribed: m.subscribed === true }])));

  before(async () => {
    info = await sandbox();
    t = buildApp(info);
    user = await newUser('sub');
    agent = await signIn(t.app, user);
    csrf = await tokenOf(agent);
  });
  after(() => t.close());

  it('moves the subscriptions of a renamed folder and its subfolders to the new names, and drops the old ones', async () => {
    for (const [name, parent] of [['Desk', ''], ['Kept', 'Desk'], ['Dropped', 'Desk']]) await post('/mailboxes', { name: name!, parent: parent! }).expect(303);
    await post(`${at('Desk/Dropped')}/subscribe`, { subscribed: '0' }).expect(303);
    await flashAt(agent, '/mailboxes');
    const res = await post(`${at('Desk')}/rename`, { name: 'Table' }).expect(303);
    assert.deepEqual(await flashAt(agent, res.headers.location!), ['info: Renamed Desk to Table.']);
    const subs = await subscriptionList(info, user);
    assert.deepEqual(subs.get('Table'), ['\\Subscribed']);
    assert.deepEqual(subs.get('Table/Kept'), ['\\Subscribed']);
    for (const gone of ['Desk', 'Desk/Kept', 'Desk/Dropped', 'Table/Dropped']) assert.ok(!subs.has(gone), `${gone} is subscribed: ${[...subs.keys()].join(', ')}`);
    const folders = await listed();
    assert.equal(folders.get('Table')!.subscribed, true);
    assert.equal(folders.get('Table/Dropped')!.subscribed, false);
  });

  it('shows subscribed folders in the sidebar, with INBOX, special-use folders and parents, and every folder on the folder page', async () => {
    /** the paths the sidebar of `location` links to */
    const sidebar = async (location: string) => {
      const nav = /<nav class="folders"[^>]*>([\s\S]*?)<\/nav>/.exec((await agent.get(location).expect(200)).text)?.[1] ?? '';
      return [...nav.matchAll(/<a href="\/mailbox\/([^"]+)" aria-current/g)].map((m) => decodeURIComponent(m[1]!));
    };
    for (const [name, parent] of [['Shelf', ''], ['Book', 'Shelf'], ['Loose', '']]) await post('/mailboxes', { name: name!, parent: parent! }).expect(303);
    for (const path of ['Shelf', 'Loose', 'Junk']) await post(`${at(path)}/subscribe`, { subscribed: '0' }).expect(303);
    await appendAll(info, user, 'Shelf', [plainText('Shelved')]);
    await flashAt(agent, '/mailboxes');
    assert.deepEqual((await listed()).get('Loose')!.subscribed, false);

    const inInbox = await sidebar('/mailbox/INBOX');
    for (const shown of ['INBOX', 'Junk', 'Shelf', 'Shelf/Book']) assert.ok(inInbox.includes(shown), `${shown} missing from ${inInbox.join(', ')}`);
    assert.ok(!inInbox.includes('Loose'), 'an unsubscribed folder is not in the sidebar');
    assert.match((await agent.get('/mailbox/Shelf').expect(200)).text, /<select id="bulk-to" name="to">[\s\S]*<option value="Loose">/, 'but mail can still be moved there');
    assert.ok(!(await sidebar('/mailboxes')).includes('Loose'));
    assert.ok((await sidebar(at('Loose'))).includes('Loose'), 'the folder being shown is in the sidebar');

    const page = await agent.get('/mailboxes').expect(200);
    assert.match(page.text, /data-path="Loose">[\s\S]*?action="\/mailbox\/Loose\/subscribe"[\s\S]*?name="subscribed" value="1"/);
    await post(`${at('Loose')}/subscribe`, { subscribed: '1' }).expect(303);
    assert.ok((await sidebar('/mailbox/INBOX')).includes('Loose'));
  });
});

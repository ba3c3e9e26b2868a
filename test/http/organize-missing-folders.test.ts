// A server without Archive, Junk and Trash folders (a private Dovecot whose config provisions only Drafts and
// Sent): archive, junk and delete create the folder under its usual name on first use, then keep using it.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import type supertest from 'supertest';
import { startSandbox, type Sandbox } from '../../sandbox/sandbox.ts';
import { plainText } from '../fixtures/messages.ts';
import { buildApp, signIn, tokenOf, type TestApp } from '../helpers/app.ts';
import { appendAll, withImap } from '../helpers/imap.ts';

type Agent = ReturnType<typeof supertest.agent>;

const user = { name: 'bare', password: 'bare-password', address: 'bare@postern.test' };
const decode = (s: string) => s.replace(/&#(\d+);/g, (_, n) => String.fromCharCode(Number(n))).replace(/&amp;/g, '&');

describe('archive, junk and delete on a server that has no such folders', () => {
  let box: Sandbox;
  let t: TestApp;
  let agent: Agent;
  let csrf: string;

  before(async () => {
    box = await startSandbox({ users: [user], smtp: false });
    const conf = readFileSync(box.dovecotConf, 'utf8').replace(/\n\s*mailbox (Archive|Junk|Trash) \{[^}]*\}/g, '');
    assert.doesNotMatch(conf, /mailbox (Archive|Junk|Trash)/);
    writeFileSync(box.dovecotConf, conf);
    await box.restartDovecot();
    t = buildApp(box);
    agent = await signIn(t.app, user);
    csrf = await tokenOf(agent);
  });
  after(async () => {
    await t?.close();
    await box?.stop();
  });

  const act = async (uids: number[], action: string) => {
    const res = await agent.post('/mailbox/INBOX/messages').type('form').send({ _csrf: csrf, uid: uids.map(String), action }).expect(303);
    const page = await agent.get(res.headers.location!).expect(200);
    return [...page.text.matchAll(/<p class="flash (?:info|error)" role="status">([^<]*)<\/p>/g)].map((m) => decode(m[1]!));
  };
  const folders = () => withImap(box, user, async (c) => (await c.list()).map((m) => m.path).sort());

  it('starts without Archive, Junk or Trash', async () => {
    assert.deepEqual(await folders(), ['Drafts', 'INBOX', 'Sent']);
  });

  it('creates Archive on the first archive and reuses it on the next', async () => {
    const uids = await appendAll(box, user, 'INBOX', [plainText('a1'), plainText('a2')]);
    assert.deepEqual(await act([uids[0]!], 'archive'), ['Created the folder Archive. Moved 1 message to Archive.']);
    assert.deepEqual(await act([uids[1]!], 'archive'), ['Moved 1 message to Archive.']);
    assert.ok((await folders()).includes('Archive'));
  });

  it('creates Junk and Trash the same way', async () => {
    const uids = await appendAll(box, user, 'INBOX', [plainText('j1'), plainText('d1')]);
    assert.deepEqual(await act([uids[0]!], 'junk'), ['Created the folder Junk. Moved 1 message to Junk.']);
    assert.deepEqual(await act([uids[1]!], 'delete'), ['Created the folder Trash. Moved 1 message to Trash.']);
    assert.deepEqual(await folders(), ['Archive', 'Drafts', 'INBOX', 'Junk', 'Sent', 'Trash']);
  });

  it('treats the created Trash as the Trash: deleting there asks first, and the folder page locks it', async () => {
    const page = await agent.get('/mailboxes').expect(200);
    assert.match(/data-path="Trash">[\s\S]*?<\/tr>/.exec(page.text)![0], /Cannot be renamed or deleted/);
    const [uid] = await withImap(box, user, async (c) => {
      await c.mailboxOpen('Trash');
      return (await c.search({ all: true }, { uid: true })) || [];
    });
    const confirm = await agent.post('/mailbox/Trash/messages').type('form').send({ _csrf: csrf, uid: String(uid), action: 'delete' }).expect(200);
    assert.match(confirm.text, /Delete 1 message from Trash for good\?/);
  });
});

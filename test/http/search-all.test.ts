// The search of every folder against Dovecot: results from several folders, each naming its folder, counts per
// folder linking to the search there, and a message opened from the results coming back to them.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type supertest from 'supertest';
import type { SandboxInfo } from '../../sandbox/sandbox.ts';
import { plainText } from '../fixtures/messages.ts';
import { buildApp, signIn, type TestApp } from '../helpers/app.ts';
import { newUser, sandbox, type TestUser } from '../helpers/env.ts';
import { appendAll, withImap } from '../helpers/imap.ts';

type Agent = ReturnType<typeof supertest.agent>;

const decode = (s: string) => s.replace(/&#(\d+);/g, (_, n) => String.fromCharCode(Number(n))).replace(/&amp;/g, '&');

describe('searching all folders against Dovecot', () => {
  let info: SandboxInfo;
  let t: TestApp;
  let user: TestUser;
  let agent: Agent;

  before(async () => {
    info = await sandbox();
    t = buildApp(info);
    user = await newUser('all');
    agent = await signIn(t.app, user);
    await withImap(info, user, (c) => c.mailboxCreate('Work/Clients'));
    await appendAll(info, user, 'INBOX', [plainText('Kangaroo report'), plainText('Nothing here')]);
    await appendAll(info, user, 'Work/Clients', [plainText('Kangaroo invoice'), plainText('Kangaroo contract')]);
    await appendAll(info, user, 'Sent', [plainText('Re: Kangaroo report')]);
  });
  after(() => t.close());

  it('finds matches in every folder and names the folder of each', async () => {
    const html = decode((await agent.get('/search?q=kangaroo').expect(200)).text);
    const rows = [...html.matchAll(/<span class="in-folder">([^<]+)<\/span> ([^<]+)/g)].map((m) => `${m[1]}: ${m[2]!.trim()}`).sort();
    assert.deepEqual(rows, ['Clients: Kangaroo contract', 'Clients: Kangaroo invoice', 'Inbox: Kangaroo report', 'Sent: Re: Kangaroo report']);
    assert.match(html, /4 results for “kangaroo”/);
    assert.match(html, /href="\/mailbox\/Work%2FClients\?q=kangaroo">2 in Clients</);
    assert.doesNotMatch(html, /Nothing here/);
  });

  it('is reached from the folder search form, and a message opened from it leads back to it', async () => {
    const redirect = await agent.get('/mailbox/INBOX?q=kangaroo&scope=all').expect(302);
    assert.equal(redirect.headers.location, '/search?q=kangaroo');
    const html = decode((await agent.get('/search?q=kangaroo').expect(200)).text);
    const href = /href="(\/message\/Work%2FClients\/\d+\?list=[^"]+)"/.exec(html)?.[1];
    assert.ok(href, 'a link to a message in Work/Clients');
    const message = decode((await agent.get(href).expect(200)).text);
    assert.match(message, /<a class="back" href="\/search\?q=kangaroo"/);
  });

  it('shows the form alone without a search, and a bad field as a 400 with the form', async () => {
    const empty = decode((await agent.get('/search').expect(200)).text);
    assert.match(empty, /every folder is searched/);
    const bad = await agent.get('/search?since=yesterday').expect(400);
    assert.match(decode(bad.text), /aria-invalid="true"/);
  });
});

// Folder management through the real routes, against Dovecot (delimiter "/", special-use folders, modified UTF-7
// for names outside ASCII and for "&").
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { pino } from 'pino';
import type supertest from 'supertest';
import type { SandboxInfo } from '../../sandbox/sandbox.ts';
import { plainText } from '../fixtures/messages.ts';
import { buildApp, signIn, tokenOf, type TestApp } from '../helpers/app.ts';
import { newUser, sandbox, type TestUser } from '../helpers/env.ts';
import { appendAll, withImap } from '../helpers/imap.ts';

type Agent = ReturnType<typeof supertest.agent>;

const decode = (s: string) => s.replace(/&#(\d+);/g, (_, n) => String.fromCharCode(Number(n))).replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>');
const at = (path: string) => `/mailbox/${encodeURIComponent(path)}`;

async function flashAt(agent: Agent, location: string): Promise<string[]> {
  const page = await agent.get(location).expect(200);
  return [...page.text.matchAll(/<p class="flash (info|error)" role="status">([^<]*)<\/p>/g)].map((m) => `${m[1]}: ${decode(m[2]!)}`);
}

describe('managing folders against Dovecot', () => {
  let info: SandboxInfo;
  let t: TestApp;
  let user: TestUser;
  let agent: Agent;
  let csrf: string;
  /** what Postern logged, one JSON object per line */
  const logged: string[] = [];

  const post = (path: string, fields: Record<string, string>) => agent.post(path).type('form').send({ _csrf: csrf, ...fields });
  /** path -> { subscribed, pathAsListed } as another client sees the LIST. */
  const listed = () => withImap(info, user, async (c) => new Map((await c.list()).map((m) => [m.path, { subscribed: m.subscribed === true, raw: m.pathAsListed }])));

  before(async () => {
    info = await sandbox();
    t = buildApp(info, {}, { logger: pino({ level: 'info' }, { write: (line: string) => void logged.push(line) }) });
    user = await newUser('fld');
    agent = await signIn(t.app, user);
    csrf = await tokenOf(agent);
  });
  after(() => t.close());

  const awkward = ['Résumé & notes', 'Project v1.2', 'Ünïcødé 日本語', 'Two  spaces', '100% * done', 'Tom & Jerry'];
  for (const name of awkward) {
    it(`creates "${name}", which the server lists under that name and whose page opens`, async () => {
      const res = await post('/mailboxes', { name }).expect(303);
      assert.equal(res.headers.location, '/mailboxes');
      assert.deepEqual(await flashAt(agent, '/mailboxes'), [`info: Created the folder ${name}.`]);
      const folders = await listed();
      assert.ok(folders.has(name), `listed as ${[...folders.keys()].join(', ')}`);
      if (/[^\x20-\x7e]|&/.test(name)) assert.notEqual(folders.get(name)!.raw, name, 'sent as modified UTF-7');
      const page = await agent.get(at(name)).expect(200);
      assert.match(decode(page.text), new RegExp(`<h1>${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}</h1>`));
    });
  }

  it('creates a folder inside another with the server\'s delimiter and opens it by its encoded path', async () => {
    await post('/mailboxes', { name: 'Projects' }).expect(303);
    const res = await post('/mailboxes', { name: 'Q1 & Q2 – Zürich', parent: 'Projects' }).expect(303);
    assert.deepEqual(await flashAt(agent, res.headers.location!), ['info: Created the folder Projects.', 'info: Created the folder Projects/Q1 & Q2 – Zürich.']);
    assert.ok((await listed()).has('Projects/Q1 & Q2 – Zürich'));
    await agent.get('/mailbox/Projects%2FQ1%20%26%20Q2%20%E2%80%93%20Z%C3%BCrich').expect(200);
  });

  it('shows the folder page with counts, subscribe toggles, rename and delete forms, and locks special folders', async () => {
    await appendAll(info, user, 'Projects', [plainText('one'), plainText('two')]);
    const page = await agent.get('/mailboxes').expect(200);
    const row = (path: string) => new RegExp(`<tr class="depth-\\d" data-path="${path}">([\\s\\S]*?)</tr>`).exec(page.text)?.[1] ?? '';
    const projects = row('Projects');
    assert.match(projects, /<td class="num">2<\/td>\s*<td class="num">2<\/td>/);
    assert.match(projects, /action="\/mailbox\/Projects\/rename"/);
    assert.match(projects, /action="\/mailbox\/Projects\/delete"/);
    assert.match(projects, /action="\/mailbox\/Projects\/subscribe"[\s\S]*name="subscribed" value="0"/);
    for (const special of ['INBOX', 'Sent', 'Drafts', 'Trash', 'Junk', 'Archive']) {
      assert.match(row(special), /Cannot be renamed or deleted/, special);
      assert.doesNotMatch(row(special), /\/rename"/, special);
    }
    assert.match(page.text, /<option value="Projects\/Q1 &amp; Q2 – Zürich">\u00a0\u00a0\u00a0Q1 &amp; Q2 – Zürich<\/option>/);
    assert.match(page.text, /<a href="\/mailboxes">Manage folders<\/a>/);
  });

  it('shows the create form again with the input and the reason when the name holds the delimiter', async () => {
    const res = await post('/mailboxes', { name: 'a/b', parent: 'Projects' }).expect(400);
    assert.match(res.text, /id="new-name" name="name"[^>]*value="a\/b" aria-invalid="true"/);
    assert.match(res.text, /<option value="Projects" selected>/);
    assert.match(decode(res.text), /<p class="field-error" id="new-name-error" role="alert">A folder name cannot contain "\/" on this server/);
    assert.ok(!(await listed()).has('Projects/a'));
  });

  const badCreates: [string, Record<string, string>, number, RegExp][] = [
    ['an empty name', { name: '   ' }, 400, /Enter a name for the folder/],
    ['a name with a line break', { name: 'a\r\nb' }, 400, /cannot contain control characters/],
    ['a name of two dots', { name: '..' }, 400, /cannot be named/],
    ['a name that is too long', { name: 'x'.repeat(201) }, 400, /too long/],
    ['a name that already exists', { name: 'Projects' }, 409, /A folder named &#34;Projects&#34; already exists/],
    ['a parent that does not exist', { name: 'x', parent: 'Nope' }, 400, /id="new-parent-error" role="alert">There is no folder named &#34;Nope&#34;/],
  ];
  for (const [what, fields, status, message] of badCreates) {
    it(`answers a create with ${what} with ${status}, the form again and the reason`, async () => {
      const res = await post('/mailboxes', fields).expect(status);
      assert.match(res.text, message);
      assert.match(res.text, /<form method="post" action="\/mailboxes" class="folder-form">/);
    });
  }

  it('says in plain words why the server refused a name, with its reason cleaned and the raw reply only in the log', async () => {
    const res = await post('/mailboxes', { name: '~home' }).expect(422);
    const said = decode(/<p class="field-error" id="new-name-error" role="alert">([^<]*)<\/p>/.exec(res.text)?.[1] ?? '');
    assert.equal(said, "The mail server does not allow that. The server said: Invalid mailbox name: Begins with '~'.");
    const line = logged.map((l) => JSON.parse(l) as { code?: string; serverText?: string }).findLast((l) => l.code === 'CANNOT');
    assert.match(line?.serverText ?? '', /^Invalid mailbox name: Begins with '~' \(\d+\.\d+ \+ \d+\.\d+ secs\)\.$/, 'Dovecot\'s own words, timings and all, are in the log');
  });

  it('answers a folder that does not exist with a 404 in plain words, without the server\'s timings', async () => {
    const res = await agent.get(at('No such folder')).expect(404);
    const said = decode(/<p class="message">([^<]*)<\/p>/.exec(res.text)?.[1] ?? '');
    assert.match(said, /does not exist/);
    assert.doesNotMatch(said, /secs\)|\(0\.|NONEXISTENT/);
  });

  const unshowable: [string, string][] = [['a line separator', 'Line\u2028break'], ['NEL', 'Next\u0085line'], ['a left-to-right mark', 'Marked\u200e'], ['a right-to-left override', 'Invoices\u202efdp.exe'], ['only zero-width spaces', '\u200b\u200b']];
  for (const [what, name] of unshowable) {
    it(`refuses to create or rename to a name with ${what}, and the name never reaches Dovecot`, async () => {
      const created = await post('/mailboxes', { name }).expect(400);
      assert.match(created.text, /<p class="field-error" id="new-name-error" role="alert">(A folder name cannot contain control characters, line or paragraph separators, or text direction marks|Enter a name for the folder)/);
      const renamed = await post(`${at('Tom & Jerry')}/rename`, { name }).expect(400);
      assert.match(renamed.text, /aria-invalid="true"[\s\S]*(text direction marks|Enter a name for the folder)/);
      const folders = await listed();
      assert.ok(![...folders.keys()].some((p) => /[\u0085\u200b\u200e\u2028\u202e]/.test(p)), `listed: ${[...folders.keys()].join(', ')}`);
      assert.ok(folders.has('Tom & Jerry'));
    });
  }

  it('renames a nested folder in place and takes its subfolders along', async () => {
    await post('/mailboxes', { name: 'Old & Nested', parent: 'Projects' }).expect(303);
    await post('/mailboxes', { name: 'Inner', parent: 'Projects/Old & Nested' }).expect(303);
    await flashAt(agent, '/mailboxes');
    const res = await post(`${at('Projects/Old & Nested')}/rename`, { name: 'Neu – Übersicht' }).expect(303);
    assert.deepEqual(await flashAt(agent, res.headers.location!), ['info: Renamed Projects/Old & Nested to Projects/Neu – Übersicht.']);
    const folders = await listed();
    assert.ok(folders.has('Projects/Neu – Übersicht/Inner'));
    assert.ok(!folders.has('Projects/Old & Nested'));
  });

  it('shows the rename form again with the reason when the new name is taken or holds the delimiter', async () => {
    let res = await post(`${at('Project v1.2')}/rename`, { name: 'Tom & Jerry' }).expect(409);
    assert.match(decode(res.text), /value="Tom & Jerry" aria-invalid="true"[\s\S]*A folder named "Tom & Jerry" already exists/);
    res = await post(`${at('Project v1.2')}/rename`, { name: 'v2/final' }).expect(400);
    assert.match(decode(res.text), /cannot contain "\/" on this server/);
    res = await post(`${at('Project v1.2')}/rename`, { name: '' }).expect(400);
    assert.match(res.text, /Enter a name for the folder/);
    assert.ok((await listed()).has('Project v1.2'));
  });

  for (const path of ['INBOX', 'Trash', 'Sent']) {
    it(`refuses to rename or delete ${path} with a clear message`, async () => {
      const rename = await post(`${at(path)}/rename`, { name: 'Elsewhere' }).expect(403);
      assert.match(decode(rename.text), path === 'INBOX' ? /Inbox is where new mail arrives: it cannot be renamed or deleted/ : new RegExp(`"${path}" is your .* folder`));
      await post(`${at(path)}/delete`, { confirm: 'yes' }).expect(403);
      assert.ok((await listed()).has(path));
    });
  }

  it('asks before deleting a folder, naming its messages and subfolders, then deletes them all', async () => {
    await post('/mailboxes', { name: 'Doomed' }).expect(303);
    await post('/mailboxes', { name: 'Child', parent: 'Doomed' }).expect(303);
    await flashAt(agent, '/mailboxes');
    await appendAll(info, user, 'Doomed', [plainText('d1')]);
    await appendAll(info, user, 'Doomed/Child', [plainText('c1'), plainText('c2')]);
    const confirm = await post('/mailbox/Doomed/delete', {}).expect(200);
    assert.match(confirm.text, /Delete the folder Doomed\?/);
    assert.match(confirm.text, /Doomed holds 1 message\./);
    assert.match(confirm.text, /It also deletes 1 folder inside it, with 2 messages: Doomed\/Child\./);
    assert.match(confirm.text, /<form method="post" action="\/mailbox\/Doomed\/delete"[\s\S]*name="confirm" value="yes"/);
    assert.ok((await listed()).has('Doomed'), 'nothing deleted before the confirm');
    const res = await post('/mailbox/Doomed/delete', { confirm: 'yes' }).expect(303);
    assert.deepEqual(await flashAt(agent, res.headers.location!), ['info: Deleted the folder Doomed and the folder inside it.']);
    const folders = await listed();
    assert.ok(!folders.has('Doomed') && !folders.has('Doomed/Child'));
  });

  it('deletes a folder with awkward characters in its name', async () => {
    const res = await post(`${at('Résumé & notes')}/delete`, { confirm: 'yes' }).expect(303);
    assert.deepEqual(await flashAt(agent, res.headers.location!), ['info: Deleted the folder Résumé & notes.']);
    assert.ok(!(await listed()).has('Résumé & notes'));
  });

  it('unsubscribes and subscribes again', async () => {
    let res = await post(`${at('Ünïcødé 日本語')}/subscribe`, { subscribed: '0' }).expect(303);
    assert.deepEqual(await flashAt(agent, res.headers.location!), ['info: Unsubscribed from Ünïcødé 日本語.']);
    assert.equal((await listed()).get('Ünïcødé 日本語')!.subscribed, false);
    const page = await agent.get('/mailboxes').expect(200);
    const form = /action="\/mailbox\/%C3%9Cn%C3%AFc%C3%B8d%C3%A9%20%E6%97%A5%E6%9C%AC%E8%AA%9E\/subscribe"[\s\S]*?<\/form>/.exec(page.text)?.[0];
    assert.match(form ?? '', /name="subscribed" value="1"/);
    res = await post(`${at('Ünïcødé 日本語')}/subscribe`, { subscribed: '1' }).expect(303);
    assert.deepEqual(await flashAt(agent, res.headers.location!), ['info: Subscribed to Ünïcødé 日本語.']);
    assert.equal((await listed()).get('Ünïcødé 日本語')!.subscribed, true);
  });

  const bad: [string, string, Record<string, string>, number][] = [
    ['a subscribe without a value', '/mailbox/Projects/subscribe', {}, 400],
    ['a subscribe with a value other than 0 or 1', '/mailbox/Projects/subscribe', { subscribed: 'yes' }, 400],
    ['a subscribe to a folder that does not exist', '/mailbox/Nope/subscribe', { subscribed: '1' }, 404],
    ['a rename of a folder that does not exist', '/mailbox/Nope/rename', { name: 'x' }, 404],
    ['a delete of a folder that does not exist', '/mailbox/Nope/delete', { confirm: 'yes' }, 404],
    ['a delete confirm page for a folder that does not exist', '/mailbox/Nope/delete', {}, 404],
  ];
  for (const [what, path, fields, status] of bad) {
    it(`answers ${what} with ${status}`, async () => {
      await post(path, fields).expect(status);
    });
  }

  it('refuses a folder change without the CSRF token', async () => {
    await agent.post('/mailboxes').type('form').send({ name: 'No token' }).expect(403);
    assert.ok(!(await listed()).has('No token'));
  });
});

// Settings -> Other accounts against the sandbox Dovecot: adding, editing and removing a POP3 account with
// Post/Redirect/Get, refused input shown again next to its field (never the password), the password stored only
// sealed under the IMAP password, and a stored password never sent to a server other than the one it was typed for.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import supertest from 'supertest';
import { openWithPassword } from '../../src/settings/password-seal.ts';
import { buildApp, csrfFrom, signIn, type TestApp } from '../helpers/app.ts';
import { newUser, sandbox, type TestUser } from '../helpers/env.ts';
import { withImap } from '../helpers/imap.ts';
import { accountForm, flashes, postAction, postAdd, postEdit, shownIds, storedListRaw } from './accounts-helpers.ts';

type Agent = ReturnType<typeof supertest.agent>;

describe('the other accounts pages', () => {
  let info: Awaited<ReturnType<typeof sandbox>>;
  let t: TestApp;
  let owner: TestUser;
  let source: TestUser;
  let agent: Agent;

  before(async () => {
    info = await sandbox();
    t = buildApp(info, { POP3_ALLOW_PRIVATE_HOSTS: '1', SETTINGS_STORE: 'metadata' });
    [owner, source] = await Promise.all([newUser('acctown'), newUser('acctsrc')]);
    agent = await signIn(t.app, owner);
  });
  after(async () => {
    await t?.close();
  });

  it('is linked from the settings page and says when there is no account yet', async () => {
    const settings = await agent.get('/settings').expect(200);
    assert.match(settings.text, /<a href="\/settings\/accounts">Other accounts \(POP3\)<\/a>/);
    const page = await agent.get('/settings/accounts').expect(200);
    assert.match(page.text, /<h1>Other accounts<\/h1>/);
    assert.match(page.text, /You have no other accounts yet\./);
    assert.match(page.text, /href="\/settings\/accounts\/new"/);
  });

  it('shows a refused form again with each error next to its field, keeps the input but never the password', async () => {
    const res = await postAdd(agent, accountForm(info, source, { host: 'not a host!', port: '70000', user: '', password: 'secret-typed-once', auto: '0' }));
    assert.equal(res.status, 400);
    assert.match(res.text, /id="host-error">Enter a server name such as pop\.example\.com, or an IP address\./);
    assert.match(res.text, /id="port-error">Enter a port from 1 to 65535/);
    assert.match(res.text, /id="user-error">Enter the user name of the other account\./);
    assert.match(res.text, /id="host"[^>]* value="not a host!"/);
    assert.match(res.text, /id="port"[^>]* value="70000"/);
    assert.ok(!res.text.includes('secret-typed-once'), 'the password is not put back into the page');
    assert.match(res.text, /id="password"[^>]* value=""/);
    // Not stored: the list is still empty.
    assert.deepEqual(shownIds((await agent.get('/settings/accounts').expect(200)).text), []);
  });

  it('refuses plain POP3 to another host unless the admin allows it', async () => {
    const res = await postAdd(agent, accountForm(info, source, { host: 'pop.example.com', security: 'plain', auto: '0' }));
    assert.equal(res.status, 400);
    assert.match(res.text, /id="security-error">Without encryption the password would travel in clear/);
    const allowed = buildApp(info, { POP3_ALLOW_INSECURE: '1' });
    try {
      const other = await signIn(allowed.app, owner);
      const form = await other.get('/settings/accounts/new').expect(200);
      assert.match(form.text, /No encryption \(the password travels in clear\)/);
      assert.equal(csrfFrom(form.text).length > 0, true);
    } finally {
      await allowed.close();
    }
  });

  let id: string;

  it('adds an account with Post/Redirect/Get and lists it', async () => {
    const res = await postAdd(agent, accountForm(info, source, { name: 'Old ISP', port: '', auto: '0' }));
    assert.equal(res.status, 303);
    assert.equal(res.headers.location, '/settings/accounts');
    const page = await agent.get('/settings/accounts').expect(200);
    assert.deepEqual(flashes(page.text), ['Old ISP was added.']);
    const ids = shownIds(page.text);
    assert.equal(ids.length, 1);
    id = ids[0]!;
    assert.match(page.text, new RegExp(`${source.name} at 127\\.0\\.0\\.1, port 110 · STARTTLS \\(STLS\\)`));
    assert.match(page.text, /Keep the messages on the server · Into a folder named after the account · fetched only when you ask/);
    assert.match(page.text, /Not fetched yet\./);
    assert.ok(!page.text.includes(source.password));
  });

  it('stores the POP3 password only sealed under the IMAP password', async () => {
    const raw = await storedListRaw(info, owner);
    assert.ok(raw, 'the list is a METADATA entry on the IMAP server');
    assert.ok(!raw.includes(source.password), 'no clear password in what the IMAP server keeps');
    const stored = JSON.parse(raw) as { accounts: { id: string; name: string; port: number; sealedPassword: string }[] };
    assert.equal(stored.accounts[0]!.name, 'Old ISP');
    assert.equal(stored.accounts[0]!.port, 110, 'an empty port is the usual one for STLS');
    const sealed = stored.accounts[0]!.sealedPassword;
    assert.match(sealed, /^pw1\./);
    assert.deepEqual(await openWithPassword(sealed, 'not-the-imap-password'), { ok: false, reason: 'wrong-password' });
    assert.deepEqual(await openWithPassword(sealed, owner.password), { ok: true, secret: source.password });
  });

  it('shows the edit form filled in, without the password, and keeps the password when left empty', async () => {
    const form = await agent.get(`/settings/accounts/${id}`).expect(200);
    assert.match(form.text, /<h1>Edit Old ISP<\/h1>/);
    assert.match(form.text, /id="host"[^>]* value="127\.0\.0\.1"/);
    assert.match(form.text, /id="password"[^>]* value=""/);
    assert.ok(!form.text.includes(source.password));
    const before = JSON.parse((await storedListRaw(info, owner))!) as { accounts: { sealedPassword: string }[] };
    const res = await postEdit(agent, id, accountForm(info, source, { name: 'Old ISP mail', port: '110', password: '', mode: 'delete', auto: '0' }));
    assert.equal(res.status, 303);
    const page = await agent.get('/settings/accounts').expect(200);
    assert.deepEqual(flashes(page.text), ['Old ISP mail was saved.']);
    assert.match(page.text, /Delete the messages from the server once they are here/);
    const after = JSON.parse((await storedListRaw(info, owner))!) as { accounts: { sealedPassword: string; name: string }[] };
    assert.equal(after.accounts[0]!.sealedPassword, before.accounts[0]!.sealedPassword, 'the sealed password is unchanged');
  });

  it('asks for the password again before sending it to another server, port or encryption', async () => {
    const res = await postEdit(agent, id, accountForm(info, source, { name: 'Old ISP mail', host: 'pop.attacker.example', password: '', auto: '0' }));
    assert.equal(res.status, 400);
    assert.match(res.text, /id="password-error">Type the password again: a stored password is only sent to the server/);
    assert.match(res.text, /id="host"[^>]* value="pop\.attacker\.example"/);
    const port = await postEdit(agent, id, accountForm(info, source, { name: 'Old ISP mail', port: String(info.pop3sPort), security: 'pop3s', password: '', auto: '0' }));
    assert.equal(port.status, 400);
    const stored = JSON.parse((await storedListRaw(info, owner))!) as { accounts: { host: string; port: number }[] };
    assert.deepEqual([stored.accounts[0]!.host, stored.accounts[0]!.port], ['127.0.0.1', 110], 'nothing was stored');
    // With the password typed again it is taken, and sealed afresh.
    const typed = await postEdit(agent, id, accountForm(info, source, { name: 'Old ISP mail', port: String(info.pop3sPort), security: 'pop3s', auto: '0' }));
    assert.equal(typed.status, 303);
  });

  it('answers an unknown or malformed account id with a 404 page', async () => {
    await agent.get('/settings/accounts/0123456789abcdef').expect(404);
    await agent.get('/settings/accounts/..%2F..').expect(404);
    const token = csrfFrom((await agent.get('/settings/accounts').expect(200)).text);
    await agent.post('/settings/accounts/0123456789abcdef/delete').type('form').send({ _csrf: token }).expect(404);
  });

  it('refuses actions without the CSRF token', async () => {
    await agent.post(`/settings/accounts/${id}/delete`).type('form').send({}).expect(403);
    assert.deepEqual(shownIds((await agent.get('/settings/accounts').expect(200)).text), [id]);
  });

  it('removes an account and its fetch state, and keeps the mail already fetched', async () => {
    const res = await postAction(agent, id, 'delete');
    assert.equal(res.status, 303);
    const page = await agent.get('/settings/accounts').expect(200);
    assert.deepEqual(flashes(page.text), ['Old ISP mail was removed. The mail already fetched stays in your mailbox.']);
    assert.deepEqual(shownIds(page.text), []);
    const left = await withImap(info, owner, async (client) => {
      const { values } = await (await import('../../src/mail/private-storage/metadata.ts')).getMetadata(
        client as never, [`/private/vendor/postern/pop3-uidls:${id}`, `/private/vendor/postern/pop3-status:${id}`], 1 << 20);
      return [...values.keys()];
    });
    assert.deepEqual(left, []);
  });

  it('is in German for a German reader', async () => {
    const page = await agent.get('/settings/accounts').set('Accept-Language', 'de').expect(200);
    assert.match(page.text, /<h1>Weitere Konten<\/h1>/);
  });
});

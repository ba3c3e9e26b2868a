// Identities and signatures against Dovecot + Postfix: kept in the settings store, chosen in compose, the From,
// Reply-To and signature of what arrives, a reply from the identity the message was sent to, the identity switch
// without script, and IDENTITY_POLICY refusing other domains with a 400 that says why.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildApp, signIn, tokenOf, type TestApp } from '../helpers/app.ts';
import { newUser, sandbox, type TestUser } from '../helpers/env.ts';
import { appendAll, crlf } from '../helpers/imap.ts';
import type { SandboxInfo } from '../../sandbox/sandbox.ts';
import { asAddressLogin, formFields, header, partBytes, postCompose, unescape, waitForMessage, type Agent } from '../compose/compose-helpers.ts';

async function addIdentity(agent: Agent, fields: Record<string, string>, status: number) {
  return agent.post('/settings/identities').type('form')
    .send({ _csrf: await tokenOf(agent, '/settings/identities/new'), ...fields }).expect(status);
}

const idOf = (html: string, address: string) =>
  new RegExp(`<option value="([a-z0-9]+)"[^>]*>[^<]*&lt;${address.replace(/[.]/g, '\\.')}&gt;</option>`).exec(html)?.[1];

describe('identities and signatures', () => {
  let info: SandboxInfo;
  let t: TestApp;
  let me: TestUser;
  let bob: TestUser;
  let agent: Agent;
  let alias: string;

  before(async () => {
    info = await sandbox();
    t = buildApp(info);
    [me, bob] = await Promise.all([newUser('me'), newUser('bob')]);
    alias = `sales-${me.name}@${info.mailDomain}`;
    agent = await signIn(t.app, asAddressLogin(me));
    await addIdentity(agent, { name: 'Mia Work', address: me.address, replyTo: `team@${info.mailDomain}`, signature: 'Mia\nWork Inc.' }, 303);
    await addIdentity(agent, {
      name: 'Mia Sales', address: alias, signatureFormat: 'html',
      signature: '<p>Mia <b>Sales</b></p><script>alert(1)</script><p onclick="x()">Call us</p>',
    }, 303);
  });
  after(() => t.close());

  it('lists them in Settings with the default marked, the HTML signature sanitized', async () => {
    const page = await agent.get('/settings/identities').expect(200);
    assert.match(page.text, new RegExp(`Mia Work</strong> &lt;${me.address}&gt; <span class="badge">Default</span>`));
    assert.match(page.text, /Signature: Mia Sales · Call us/);
    assert.doesNotMatch(page.text, /alert\(1\)|onclick/);
  });

  it('starts a new message from the default identity with its signature once, after "-- "', async () => {
    const f = formFields((await agent.get('/compose').expect(200)).text);
    assert.equal(f.body, '\n\n-- \nMia\nWork Inc.\n');
    assert.equal(f.identity, f.signedAs);
  });

  it('sends with the identity\'s name, address, Reply-To and signature', async () => {
    const f = formFields((await agent.get('/compose').expect(200)).text);
    await postCompose(agent, { ...f, to: bob.address, subject: 'From work', body: `Hello Bob${f.body}`, action: 'send' }).expect(303);
    const got = await waitForMessage(info, bob, /^From work$/);
    assert.equal(header(got.source, 'From'), `Mia Work <${me.address}>`);
    assert.equal(header(got.source, 'Reply-To'), `team@${info.mailDomain}`);
    const text = (await partBytes(info, bob, 'INBOX', got.uid, '1')).toString();
    assert.equal(text.match(/^-- $/gm)?.length, 1);
    assert.match(text, /^Hello Bob\r?\n\r?\n-- \r?\nMia\r?\nWork Inc\.\r?\n$/);
  });

  it('replies from the identity the message was sent to, its signature between the new text and the quote', async () => {
    const [uid] = await appendAll(info, me, 'INBOX', [crlf(`From: Bob <${bob.address}>
To: Mia Sales <${alias}>
Subject: Prices
Date: Tue, 03 Nov 2026 10:15:00 +0000
Message-ID: <prices-1@postern.test>

How much?
`)]);
    const page = await agent.get(`/message/INBOX/${uid}/reply`).expect(200);
    const f = formFields(page.text);
    assert.equal(f.identity, idOf(page.text, alias));
    assert.match(String(f.body), /^\n\n-- \nMia Sales\n\nCall us\n\nOn .* wrote:\n> How much\?/);
    await postCompose(agent, { ...f, body: `Ten euros.${f.body}`, action: 'send' }).expect(303);
    const got = await waitForMessage(info, bob, /^Re: Prices$/);
    assert.equal(header(got.source, 'From'), `Mia Sales <${alias}>`);
    assert.equal(header(got.source, 'Reply-To'), undefined);
  });

  it('swaps the signature when the identity changes without script, and sends as the new one', async () => {
    const page = await agent.get('/compose').expect(200);
    const f = formFields(page.text);
    const sales = idOf(page.text, alias)!;
    const switched = await postCompose(agent, { ...f, to: bob.address, subject: 'Switched', body: `Hi${f.body}`, identity: sales, action: 'identity' }).expect(200);
    const g = formFields(switched.text);
    assert.equal(g.body, 'Hi\n\n-- \nMia Sales\n\nCall us\n');
    assert.equal(g.identity, sales);
    assert.equal(g.signedAs, sales);
    assert.equal(g.to, bob.address, 'the rest of the form is kept');
    assert.doesNotMatch(switched.text, /class="flash error"/);
    // An edited signature is the user's: switching back leaves it.
    const back = formFields((await postCompose(agent, { ...g, body: 'Hi\n\n-- \nMia, edited\n', identity: f.identity as string, action: 'identity' }).expect(200)).text);
    assert.equal(back.body, 'Hi\n\n-- \nMia, edited\n');
    await postCompose(agent, { ...g, action: 'send' }).expect(303);
    const got = await waitForMessage(info, bob, /^Switched$/);
    assert.equal(header(got.source, 'From'), `Mia Sales <${alias}>`);
  });

  it('makes Send the form\'s default button, ahead of "Change identity", so Enter in a field sends', async () => {
    const page = (await agent.get('/compose').expect(200)).text;
    const form = /<form [^>]*class="compose-form"[\s\S]*?<\/form>/.exec(page)![0];
    const submits = [...form.matchAll(/<(?:button|input) type="submit"[^>]*>/g)].map((m) => m[0]);
    // HTML implicit submission presses the first submit button in tree order; a hidden one is neither focusable
    // nor read out, so the visible order (From, Change identity, To, ... Send) is unchanged.
    assert.match(submits[0]!, /^<input type="submit" name="action" value="send" class="default-send" hidden>$/);
    assert.match(submits[1]!, /value="identity" class="change-identity"/, 'the no-script identity change is still there');
    assert.ok(form.indexOf('class="change-identity"') < form.indexOf('<div class="buttons">'), 'the visible Send stays at the end');
  });

  it('gives the rich-text editor the signatures as HTML: a new message starts with its own, each option has one', async () => {
    const setFormat = async (composeFormat: string) => agent.post('/settings').type('form').send({
      _csrf: await tokenOf(agent, '/settings'), timeZone: '', language: '', theme: 'system', pageSize: '', remoteImageSenders: '', composeFormat,
    }).expect(303);
    await setFormat('html');
    try {
      const page = (await agent.get('/compose').expect(200)).text;
      const bodyHtml = /<input type="hidden" name="bodyHtml" value="([^"]*)" disabled>/.exec(page)?.[1];
      assert.equal(unescape(bodyHtml!), '<div><br></div><div><br></div><div data-signature=""><div>-- </div><div>Mia</div><div>Work Inc.</div></div>');
      const sales = new RegExp(`<option value="${idOf(page, alias)}" [^>]*data-signature-html="([^"]*)"`).exec(page)?.[1];
      assert.equal(unescape(sales!), '<div data-signature=""><div>-- </div><p>Mia <b>Sales</b></p><p>Call us</p></div>');
      assert.equal(formFields(page).body, '\n\n-- \nMia\nWork Inc.\n', 'the text area keeps the plain block, for the form without script');
    } finally {
      await setFormat('text');
    }
  });

  it('refuses an identity of another domain under IDENTITY_POLICY=own-domain, when saved and when sending', async () => {
    const strict = buildApp(info, { IDENTITY_POLICY: 'own-domain' });
    try {
      // An identity stored earlier, under a looser policy, is refused at send time.
      await addIdentity(agent, { name: 'Old', address: 'old@elsewhere.example' }, 303);
      const a = await signIn(strict.app, asAddressLogin(me));
      const refused = await addIdentity(a, { name: 'Elsewhere', address: 'mia@elsewhere.example' }, 400);
      assert.match(refused.text, /This server does not allow sending as mia@elsewhere\.example: only addresses of your own domain are allowed\./);
      assert.match(refused.text, /value="mia@elsewhere\.example"/, 'the form comes back as typed');
      const page = await a.get('/compose').expect(200);
      const f = formFields(page.text);
      const sent = await postCompose(a, { ...f, identity: idOf(page.text, 'old@elsewhere.example')!, to: bob.address, subject: 'Nope', body: 'x', action: 'send' }).expect(400);
      assert.match(sent.text, /You may not send as old@elsewhere\.example on this server: only addresses of your own domain are allowed\./);
      assert.match((await a.get('/settings/identities').expect(200)).text, /This server does not allow sending from this address/);
    } finally {
      await strict.close();
    }
  });

  it('makes another identity the default and removes one', async () => {
    const page = await agent.get('/compose').expect(200);
    const sales = idOf(page.text, alias)!;
    await agent.post(`/settings/identities/${sales}/default`).type('form').send({ _csrf: await tokenOf(agent, '/settings/identities') }).expect(303);
    assert.equal(formFields((await agent.get('/compose').expect(200)).text).identity, sales);
    await agent.post(`/settings/identities/${sales}/delete`).type('form').send({ _csrf: await tokenOf(agent, '/settings/identities') }).expect(303);
    const after = await agent.get('/compose').expect(200);
    assert.equal(idOf(after.text, alias), undefined);
    await agent.get('/settings/identities/zzz').expect(404);
    await agent.get('/settings/identities/NOT-AN-ID').expect(400);
  });
});

// SMTP_TIMEOUT_SECONDS: a submission server that accepts the connection and then says nothing gives the compose
// form back with a clear message after the deadline, the text kept and the message saved in Drafts; not a page
// that waits for minutes. A proxy in front of the real Postfix stops forwarding.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildApp, signIn, tokenOf, type TestApp } from '../helpers/app.ts';
import { newUser, sandbox, type TestUser } from '../helpers/env.ts';
import { hangGuard } from '../helpers/live.ts';
import { startProxy, type TcpProxy } from '../helpers/tcp-proxy.ts';
import { formFields, messagesIn, postCompose, type Agent } from '../compose/compose-helpers.ts';

describe('sending to a silent submission server', () => {
  let proxy: TcpProxy;
  let t: TestApp;
  let user: TestUser;
  let agent: Agent;

  before(async () => {
    const info = await sandbox();
    proxy = await startProxy({ port: info.submissionPort! });
    t = buildApp(info, { SMTP_URL: `smtp://127.0.0.1:${proxy.port}`, SMTP_TIMEOUT_SECONDS: '1', MAIL_DOMAIN: info.mailDomain });
    user = await newUser('smtpfrozen');
    agent = await signIn(t.app, user);
  });
  after(async () => {
    proxy?.thaw();
    await t?.close();
    await proxy?.close();
  });

  it('shows the form again with "did not answer in time" and keeps the message in Drafts', async () => {
    proxy.freeze();
    const res = await hangGuard(8000, 'send to a silent SMTP server', Promise.resolve(postCompose(agent, {
      _csrf: await tokenOf(agent, '/compose'), to: user.address, subject: 'Into the void', body: 'Keep every word.\n', action: 'send',
    })));
    proxy.thaw();
    assert.equal(res.status, 504);
    assert.match(res.text, /was not sent: the outgoing mail server did not answer in time/);
    assert.match(res.text, /saved in Drafts/);
    const f = formFields(res.text);
    assert.equal(f.subject, 'Into the void');
    assert.equal(f.body, 'Keep every word.\n');
    const drafts = await messagesIn(await sandbox(), user, 'Drafts');
    assert.deepEqual(drafts.map((d) => d.msg.envelope?.subject), ['Into the void']);
  });
});

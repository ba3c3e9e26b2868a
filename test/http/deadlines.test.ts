// DESIGN.md, deadlines: an IMAP server that stops answering costs the user one clear 504 page after
// IMAP_TIMEOUT_SECONDS, not a hang, and the next request runs on a fresh connection; a server that greets and then
// says nothing at sign-in gives the sign-in form back with a message after LOGIN_TIMEOUT_SECONDS. The network is
// what fails: a proxy between Postern and the real Dovecot stops forwarding.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildApp, csrfFrom, type TestApp } from '../helpers/app.ts';
import { newUser, sandbox, type TestUser } from '../helpers/env.ts';
import { appendAll } from '../helpers/imap.ts';
import { browserish, hangGuard, listen, signInLive, type Live } from '../helpers/live.ts';
import { startProxy, type TcpProxy } from '../helpers/tcp-proxy.ts';
import { plainText } from '../fixtures/messages.ts';

describe('deadlines on IMAP', () => {
  let proxy: TcpProxy;
  let t: TestApp;
  let live: Live;
  let user: TestUser;

  before(async () => {
    const info = await sandbox();
    proxy = await startProxy({ port: info.imapPort });
    t = buildApp(info, { IMAP_URL: `imap+insecure://127.0.0.1:${proxy.port}`, IMAP_TIMEOUT_SECONDS: '1', LOGIN_TIMEOUT_SECONDS: '1' });
    live = await listen(t.app);
    user = await newUser('deadline');
    await appendAll(info, user, 'INBOX', [plainText('Still here')]);
  });
  after(async () => {
    proxy?.thaw();
    await live?.close();
    await t?.close();
    await proxy?.close();
  });

  it('answers 504 with a clear page when IMAP stops answering, for every queued request, then reconnects', async () => {
    const go = await signInLive(live.base, user);
    assert.equal((await go('/mailbox/INBOX')).status, 200);
    proxy.freeze();
    // Pages the session's cache cannot answer: the repeated INBOX page would come from it without IMAP.
    const stuck = await hangGuard(10_000, 'requests to a silent IMAP server', Promise.all([
      go('/mailbox/INBOX?sort=subject'), go('/mailbox/INBOX?q=still'), go('/mailboxes'),
    ]));
    proxy.thaw();
    for (const res of stuck) {
      assert.equal(res.status, 504);
      assert.match(await res.text(), /The mail server did not answer in time/);
    }
    const before = proxy.stats.connections;
    const page = await hangGuard(10_000, 'the request after the freeze', go('/mailbox/INBOX'));
    assert.equal(page.status, 200);
    assert.match(await page.text(), /Still here/);
    assert.equal(proxy.stats.connections, before + 1, 'the stuck connection was replaced by a new one');
  });

  it('gives the sign-in form back with a message when the server greets and then says nothing', async () => {
    const go = browserish(live.base);
    const token = csrfFrom(await (await go('/login')).text());
    proxy.freeze({ afterGreeting: true });
    try {
      const res = await hangGuard(10_000, 'sign-in against a silent server', go('/login', {
        method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ _csrf: token, username: user.name, password: user.password }).toString(),
      }));
      assert.equal(res.status, 504);
      const html = await res.text();
      assert.match(html, /The mail server did not answer in time/);
      assert.match(html, /name="password"/, 'the form is shown again');
      assert.match(html, new RegExp(`value="${user.name}"`), 'with the user name kept');
    } finally {
      proxy.thaw();
    }
  });
});

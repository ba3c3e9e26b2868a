// The search of every folder is streamed (DESIGN.md "Conversations, labels, all-folder search"): the first
// folder's rows reach the browser while a later folder has not answered yet, and a failure after the page started
// is told in the page, naming the folder. The network is what is held: a proxy between Postern and the real
// Dovecot stops forwarding when the last folder is selected. No timings: the held folder answers only after the
// test has read the first folder's rows.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { request, type IncomingMessage } from 'node:http';
import type { SandboxInfo } from '../../sandbox/sandbox.ts';
import { plainText } from '../fixtures/messages.ts';
import { buildApp, type TestApp } from '../helpers/app.ts';
import { newUser, sandbox, type TestUser } from '../helpers/env.ts';
import { appendAll, withImap } from '../helpers/imap.ts';
import { eventually, hangGuard, listen, signInLive, type Live } from '../helpers/live.ts';
import { startProxy, type TcpProxy } from '../helpers/tcp-proxy.ts';

/** The response as it arrives: `until` waits for text matching `pattern` in what came so far. */
interface Streamed {
  res: IncomingMessage;
  text(): string;
  until(pattern: RegExp): Promise<string>;
  end: Promise<string>;
}

function openStream(base: string, path: string, cookie: string): Promise<Streamed> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}${path}`, { headers: { cookie } }, (res) => {
      let body = '';
      const waiters: { pattern: RegExp; done: (s: string) => void }[] = [];
      const end = new Promise<string>((done) => res.on('end', () => done(body)));
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
        for (const w of waiters.filter((w) => w.pattern.test(body))) {
          waiters.splice(waiters.indexOf(w), 1);
          w.done(body);
        }
      });
      resolve({
        res,
        text: () => body,
        until: (pattern) => (pattern.test(body) ? Promise.resolve(body) : new Promise((done) => waiters.push({ pattern, done }))),
        end,
      });
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the search of every folder, streamed', () => {
  let info: SandboxInfo;
  let proxy: TcpProxy;
  let t: TestApp;
  let quick: TestApp;
  let live: Live;
  let liveQuick: Live;
  let user: TestUser;

  before(async () => {
    info = await sandbox();
    proxy = await startProxy({ port: info.imapPort });
    t = buildApp(info, { IMAP_URL: `imap+insecure://127.0.0.1:${proxy.port}` });
    quick = buildApp(info, { IMAP_URL: `imap+insecure://127.0.0.1:${proxy.port}`, IMAP_TIMEOUT_SECONDS: '1' });
    live = await listen(t.app);
    liveQuick = await listen(quick.app);
    user = await newUser('stream');
    // "Zebra" comes last in the tree, after INBOX and the special folders.
    await withImap(info, user, (c) => c.mailboxCreate('Zebra'));
    await appendAll(info, user, 'INBOX', [plainText('Walrus in the inbox')]);
    await appendAll(info, user, 'Zebra', [plainText('Walrus at the zoo')]);
  });
  after(async () => {
    proxy?.thaw();
    await live?.close();
    await liveQuick?.close();
    await t?.close();
    await quick?.close();
    await proxy?.close();
  });

  /** Holds every IMAP connection as soon as Postern selects Zebra, before the server sees that command. */
  function freezeAtZebra(): void {
    proxy.onClientLine = (line) => {
      if (/\b(SELECT|EXAMINE) "?Zebra/i.test(line)) proxy.freeze();
    };
  }

  it('sends the head, the form and the first folder\'s rows while the last folder has not answered', async () => {
    const go = await signInLive(live.base, user);
    proxy.reset();
    freezeAtZebra();
    try {
      // Without streaming, not even the status line would come while Zebra is held: the guards report the hang.
      const page = await hangGuard(10_000, 'the answer\'s head while Zebra is held', openStream(live.base, '/search?q=walrus', go.cookie()));
      assert.equal(page.res.statusCode, 200);
      assert.equal(page.res.headers['transfer-encoding'], 'chunked');
      assert.equal(page.res.headers['cache-control'], 'no-store');
      assert.equal(page.res.headers['x-accel-buffering'], 'no');
      assert.match(String(page.res.headers['content-security-policy']), /script-src/);
      const early = await hangGuard(10_000, 'the first folder\'s rows while Zebra is held', page.until(/Walrus in the inbox[\s\S]*<\/section>/));
      assert.match(early, /<form method="get" action="[^"]*" class="search" role="search">/);
      assert.match(early, /<span class="in-folder">Inbox<\/span> Walrus in the inbox/);
      // The search goes on to Zebra, which the proxy holds: its rows and the end of the page cannot have come.
      await eventually(10_000, 'Postern asking for Zebra', () => proxy.commands(/\b(SELECT|EXAMINE) "?Zebra/i).length === 1);
      assert.doesNotMatch(page.text(), /Walrus at the zoo|results for|<\/html>/);
      proxy.onClientLine = undefined;
      proxy.thaw();
      const html = await hangGuard(10_000, 'the rest of the page', page.end);
      assert.match(html, /<span class="in-folder">Zebra<\/span> Walrus at the zoo/);
      assert.match(html, /2 results for “walrus”/);
      assert.match(html, /<\/html>\s*$/);
    } finally {
      proxy.onClientLine = undefined;
      proxy.thaw();
    }
  });

  it('tells a failure after the page started in words, naming the folder, and ends the page', async () => {
    const go = await signInLive(liveQuick.base, user);
    freezeAtZebra();
    try {
      const page = await hangGuard(10_000, 'the answer\'s head', openStream(liveQuick.base, '/search?q=walrus', go.cookie()));
      assert.equal(page.res.statusCode, 200);
      // The 1 s deadline on IMAP ends Zebra's search; the guard only reports a hang.
      const html = await hangGuard(10_000, 'the page after Zebra timed out', page.end);
      assert.match(html, /Walrus in the inbox/);
      assert.match(html, /The search stopped at Zebra: The mail server did not answer in time/);
      assert.doesNotMatch(html, /Walrus at the zoo|results for|\bat [\w.]+ \(|Error:/);
      assert.match(html, /<\/html>\s*$/);
    } finally {
      proxy.onClientLine = undefined;
      proxy.thaw();
    }
  });

  it('answers a failure before anything was sent with the usual error page', async () => {
    const go = await signInLive(liveQuick.base, user);
    // A fresh session has no folder list yet: the page's first IMAP call (LIST, before any byte is sent) goes unanswered.
    proxy.freeze();
    try {
      const res = await hangGuard(10_000, 'a search while IMAP is silent', go('/search?q=walrus'));
      assert.equal(res.status, 504);
      assert.match(await res.text(), /The mail server did not answer in time/);
    } finally {
      proxy.thaw();
    }
  });
});

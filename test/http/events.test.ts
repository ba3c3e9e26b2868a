// GET /events against a private Dovecot and Postfix this file may restart: mail Postfix delivers to the open
// mailbox arrives as a row rendered by the page's own partial, another client's flag change and expunge follow,
// the counts and the title's number come along, a reconnect resumes after Last-Event-ID, tabs share one watch,
// Dovecot restarting under an open stream is a 'reset' and then mail again, and the stream ends at sign-out.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import nodemailer from 'nodemailer';
import { startSandbox, type Sandbox } from '../../sandbox/sandbox.ts';
import { buildApp, testConfig, type TestApp } from '../helpers/app.ts';
import { createStreamHub } from '../../src/app.ts';
import { createMemorySessionStore } from '../../src/http/sessions/memory-session-store.ts';
import { withImap } from '../helpers/imap.ts';
import { eventually, hangGuard, listen, signInLive, type Browserish, type Live } from '../helpers/live.ts';
import { openEvents, type SseReader } from '../helpers/sse.ts';

const user = { name: 'live', password: 'live-password', address: 'live@postern.test' };
const sender = { name: 'writer', password: 'writer-password', address: 'writer@postern.test' };

/** The /events address the mailbox page gives its script (with the event id the page was rendered at). */
async function eventsOf(go: Browserish, page = '/mailbox/INBOX'): Promise<string> {
  const html = await (await go(page)).text();
  const found = /data-events="([^"]+)"/.exec(html)?.[1];
  assert.ok(found, 'the page names its event stream');
  return found.replaceAll('&amp;', '&');
}

describe('GET /events, against Dovecot and Postfix', () => {
  let box: Sandbox;
  let t: TestApp;
  let live: Live;
  let go: Browserish;
  const open: SseReader[] = [];
  const deliver = async (subject: string) => {
    const transport = nodemailer.createTransport({
      host: '127.0.0.1', port: box.submissionPort, secure: false, requireTLS: true,
      tls: { ca: [readFileSync(box.caFile)] }, auth: { user: sender.name, pass: sender.password },
    });
    // Right after a Dovecot restart Postfix's SASL link to Dovecot's auth is being rebuilt: 454, try again.
    for (let attempt = 1; ; attempt++) {
      try {
        return await transport.sendMail({ from: `Writer <${sender.address}>`, to: user.address, subject, text: 'through Postfix' });
      } catch (err) {
        if ((err as { responseCode?: number }).responseCode !== 454 || attempt === 20) throw err;
        await new Promise((r) => setTimeout(r, 250));
      }
    }
  };
  const stream = async (path: string, headers: Record<string, string> = {}, who = go) => {
    const reader = await openEvents(live.base, path, who.cookie(), headers);
    open.push(reader);
    return reader;
  };

  before(async () => {
    box = await startSandbox({ users: [user, sender], smtp: true });
    t = buildApp(box);
    live = await listen(t.app);
    go = await signInLive(live.base, user);
  });
  after(async () => {
    for (const r of open) r.close();
    await live?.close();
    await t?.close();
    await box?.stop();
  });

  it('streams mail Postfix delivers as the list row, with counts, behind the headers proxies need', async () => {
    const events = await stream(await eventsOf(go));
    assert.equal(events.status, 200);
    assert.match(events.headers.get('content-type') ?? '', /^text\/event-stream/);
    assert.match(events.headers.get('cache-control') ?? '', /no-store/);
    assert.equal(events.headers.get('x-accel-buffering'), 'no');
    await eventually(10_000, 'the session watching INBOX', () => t.registry.size === 1);
    await deliver('Hello from Postfix');
    const added = await events.nextData<{ rows: { uid: number; html: string }[]; said: string }>('added', 'the delivery');
    assert.equal(added.rows.length, 1);
    const row = added.rows[0]!;
    assert.match(row.html, /^<li class="msg unread" data-uid="\d+">/);
    assert.match(row.html, /Hello from Postfix/);
    assert.match(row.html, new RegExp(`id="m-${row.uid}" href="/message/INBOX/${row.uid}"`));
    assert.equal(added.said, 'New message from Writer: Hello from Postfix');
    const counts = await events.nextData<{ folders: { path: string; unseen: number; title: string }[]; heading: string; unseen: number }>('counts', 'the new counts');
    assert.deepEqual(counts.folders.find((f) => f.path === 'INBOX'), { path: 'INBOX', unseen: 1, title: '1 unread' });
    assert.equal(counts.heading, '1 message');
    events.close();
  });

  it('redraws a row flagged from another IMAP client and drops one it expunges', async () => {
    const events = await stream(await eventsOf(go));
    const uid = Number(/data-uid="(\d+)"/.exec(await (await go('/mailbox/INBOX')).text())?.[1]);
    await withImap(box, user, async (c) => {
      await c.mailboxOpen('INBOX');
      await c.messageFlagsAdd(String(uid), ['\\Flagged', '\\Seen'], { uid: true });
    });
    const flagged = await events.nextData<{ uid: number; html: string }>('flags', 'the flag change', (d) => d.uid === uid);
    assert.match(flagged.html, /^<li class="msg read flagged"/);
    assert.match(flagged.html, /flag-mark/);
    await withImap(box, user, async (c) => {
      await c.mailboxOpen('INBOX');
      await c.messageDelete(String(uid), { uid: true });
    });
    const gone = await events.nextData<{ uids: number[] }>('expunged', 'the expunge');
    assert.deepEqual(gone.uids, [uid]);
    events.close();
  });

  it('resumes after Last-Event-ID with what it missed, and says reset when it cannot', async () => {
    const first = await stream(await eventsOf(go));
    await deliver('Seen live');
    const seen = await first.nextData('added', 'the first arrival');
    first.close();
    await first.ended;
    await deliver('Missed while away');
    // The arrival is announced to nobody while no stream is open; wait until the session has heard of it.
    await eventually(10_000, 'the arrival known', async () => /Missed while away/.test(await (await go('/mailbox/INBOX')).text()));
    const again = await stream('/events?mailbox=INBOX', { 'last-event-id': seen.id });
    const missed = await again.nextData<{ rows: { html: string }[] }>('added', 'the missed arrival, again');
    assert.match(missed.rows[0]!.html, /Missed while away/);
    again.close();
    const lost = await stream('/events?mailbox=INBOX', { 'last-event-id': '00000000-1' });
    await lost.next((e) => e.event === 'reset', 'a reset for an id of another session');
    lost.close();
  });

  it('gives two tabs of one session the same events from one IMAP connection', async () => {
    const [a, b] = [await stream(await eventsOf(go)), await stream(await eventsOf(go))];
    await deliver('For both tabs');
    const [one, two] = [await a.nextData('added', 'tab one'), await b.nextData('added', 'tab two')];
    assert.equal(one.id, two.id);
    assert.equal(t.registry.size, 1, 'one session, one IMAP connection, one IDLE');
    a.close();
    b.close();
  });

  it('recovers when Dovecot restarts under an open stream: reset, then new mail again', async () => {
    const events = await stream(await eventsOf(go));
    await box.restartDovecot();
    await events.next((e) => e.event === 'reset', 'the reset after the restart', 20_000);
    await deliver('After the restart');
    const added = await events.nextData<{ rows: { html: string }[] }>('added', 'mail after the restart', undefined, 30_000);
    assert.match(added.rows[0]!.html, /After the restart/);
    events.close();
  });

  it('ends the stream at sign-out, and a signed-out stream is a 401, not a redirect', async () => {
    const other = await signInLive(live.base, user);
    const events = await stream(await eventsOf(other), {}, other);
    const page = await (await other('/mailbox/INBOX')).text();
    const token = /name="_csrf" value="([^"]+)"/.exec(page)![1]!;
    const out = await other('/logout', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `_csrf=${encodeURIComponent(token)}` });
    assert.equal(out.status, 303);
    await hangGuard(10_000, 'the stream ending at sign-out', events.ended);
    const refused = await openEvents(live.base, '/events?mailbox=INBOX', other.cookie());
    assert.equal(refused.status, 401);
  });

  it('refuses streams past the caps in words, sends heartbeats, and ends a stream whose session expired', async () => {
    const config = testConfig(box, { MAX_EVENT_STREAMS_PER_SESSION: '1', MAX_EVENT_STREAMS: '2' });
    const store = createMemorySessionStore();
    const capped = buildApp(box, { MAX_EVENT_STREAMS_PER_SESSION: '1', MAX_EVENT_STREAMS: '2' }, {
      sessionStore: store, events: createStreamHub(config, { heartbeatMs: 100, checkMs: 100 }),
    });
    const server = await listen(capped.app);
    try {
      const [a, b, c] = [await signInLive(server.base, user), await signInLive(server.base, user), await signInLive(server.base, user)];
      const first = await openEvents(server.base, '/events?mailbox=INBOX', a.cookie());
      open.push(first);
      assert.equal(first.status, 200);
      await hangGuard(10_000, 'a heartbeat', (async () => {
        while (first.comments < 2) await new Promise((r) => setTimeout(r, 20));
      })());
      const again = await openEvents(server.base, '/events?mailbox=INBOX', a.cookie());
      assert.equal(again.status, 429);
      assert.match(await again.text(), /already follows new mail in as many windows as it may/);
      const second = await openEvents(server.base, '/events?mailbox=INBOX', b.cookie());
      open.push(second);
      assert.equal(second.status, 200);
      const full = await openEvents(server.base, '/events?mailbox=INBOX', c.cookie());
      assert.equal(full.status, 503);
      assert.match(await full.text(), /works without live updates/);
      // The session expires in the store (or is signed out through another instance): the stream notices.
      const sid = decodeURIComponent(/postern\.sid=([^;]+)/.exec(a.cookie())![1]!).slice(2).split('.')[0]!;
      await new Promise<void>((resolve) => store.destroy(sid, () => resolve()));
      await hangGuard(10_000, 'the stream of the expired session ending', first.ended);
    } finally {
      await server.close();
      await capped.close();
    }
  });

  it('refuses a malformed mailbox and another site', async () => {
    assert.equal((await openEvents(live.base, '/events', go.cookie())).status, 400);
    assert.equal((await openEvents(live.base, '/events?mailbox=INBOX', go.cookie(), { 'sec-fetch-site': 'cross-site' })).status, 403);
  });
});

// The /events location of docs/examples/nginx/postern.conf on its own (test/deploy/nginx.test.ts proves it with mail
// through the two Postern instances). Postern sends `X-Accel-Buffering: no`, which nginx honours as well, so with
// Postern behind it the location's `proxy_buffering off` cannot be seen: taking it out breaks nothing there. This
// file proves the directive itself against a small event-stream server of its own that does not send that header,
// and proves heartbeats against an in-process Postern whose heartbeat is shortened: main.ts writes one every 25 s
// and has no setting for it, and waiting 25 s is not worth it.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createStreamHub } from '../../src/app.ts';
import { buildApp, testConfig } from '../helpers/app.ts';
import { NGINX_FILE } from '../helpers/deploy-examples.ts';
import { newUser, sandbox } from '../helpers/env.ts';
import { httpsBrowser, signInThrough } from '../helpers/https-browser.ts';
import { eventually, hangGuard, listen } from '../helpers/live.ts';
import { nginxMissing, startNginx } from '../helpers/nginx.ts';

const conf = readFileSync(NGINX_FILE, 'utf8');
// Skipped test by test (not the suite), so the run's summary counts them and says why.
const missing = nginxMissing();
const needsNginx = { skip: missing ?? false };

/** The body of `location = /events { ... }` (or any other exact location). */
function locationBlock(path: string): string {
  const m = new RegExp(`location = ${path.replaceAll('/', '\\/')} \\{([^}]*)\\}`).exec(conf);
  assert.ok(m, `postern.conf has location = ${path}`);
  return m[1]!;
}

describe('the /events location of the nginx example', () => {
  it('waits longer than the 25 s heartbeat on /events, over HTTP/1.1, unbuffered and uncompressed', () => {
    const events = locationBlock('/events');
    assert.ok(Number(/proxy_read_timeout (\d+)s;/.exec(events)?.[1]) > 25);
    assert.match(events, /proxy_buffering off;/);
    assert.match(events, /gzip off;/);
    assert.match(conf, /proxy_http_version 1\.1;/);
  });

  it('passes each server-sent event on at once, uncompressed, over HTTP/1.1 to the instance', needsNginx, async () => {
    // Sends no X-Accel-Buffering, so only the location's own settings can keep nginx from buffering.
    const held: http.ServerResponse[] = [];
    let upstreamVersion = '';
    const server = http.createServer((req, res) => {
      upstreamVersion = req.httpVersion;
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
      res.write('id: 1\ndata: first\n\n');
      held.push(res);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    const nginx = await startNginx([port, port]);
    try {
      // Headers and the first event both: a buffering nginx holds back the headers too, until the stream ends.
      const res = await hangGuard(10_000, 'the first event through nginx while the stream stays open', (async () => {
        const stream = await httpsBrowser(nginx.base, { ca: nginx.ca }).open('/events', { accept: 'text/event-stream', 'accept-encoding': 'gzip' });
        let text = '';
        for await (const chunk of stream) {
          text += (chunk as Buffer).toString('latin1');
          if (text.includes('data: first\n\n')) break;
        }
        return stream;
      })());
      assert.equal(res.statusCode, 200);
      assert.equal(res.headers['content-encoding'], undefined, 'not compressed');
      assert.equal(upstreamVersion, '1.1');
      res.destroy();
    } finally {
      for (const r of held) r.destroy();
      server.closeAllConnections();
      server.close();
      await nginx.stop();
    }
  });

  it("passes Postern's heartbeat comments on while no mail comes", needsNginx, async () => {
    // main.ts writes a heartbeat every 25 s and has no setting for it; an in-process Postern writes one every 100 ms.
    const info = await sandbox();
    const user = await newUser('beat');
    const t = buildApp(info, { TRUST_PROXY: '1' }, { events: createStreamHub(testConfig(info), { heartbeatMs: 100 }) });
    const live = await listen(t.app);
    const port = Number(new URL(live.base).port);
    const nginx = await startNginx([port, port]);
    try {
      const b = httpsBrowser(nginx.base, { ca: nginx.ca });
      await signInThrough(b, user);
      const events = await hangGuard(10_000, 'the headers of /events through nginx', b.events('/events?mailbox=INBOX'));
      assert.equal(events.status, 200);
      await eventually(10_000, 'two heartbeats through nginx', () => events.comments >= 2);
      assert.equal(events.events.length, 0, 'nothing but heartbeats');
      events.close();
    } finally {
      await nginx.stop();
      await live.close();
      await t.close();
    }
  });
});

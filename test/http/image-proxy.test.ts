// Remote images through Postern, end to end: a newsletter in Dovecot, its body frame with remote images allowed,
// and the signed proxy addresses it holds, fetched from a sender's server on loopback.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import supertest from 'supertest';
import { buildApp, bytes, signIn, type TestApp } from '../helpers/app.ts';
import { newUser, sandbox, type TestUser } from '../helpers/env.ts';
import { appendAll, crlf } from '../helpers/imap.ts';
import { startImageServer, type ImageServer } from '../helpers/image-server.ts';
import { PNG } from '../fixtures/messages.ts';

type Agent = ReturnType<typeof supertest.agent>;

function newsletter(origin: string): string {
  return crlf(`From: "News" <news@example.com>
To: reader@postern.test
Subject: Spring news
Date: Tue, 03 Nov 2026 10:15:00 +0000
Message-ID: <spring-news@example.com>
MIME-Version: 1.0
Content-Type: text/html; charset=utf-8

<p>Spring is here.</p>
<img src="${origin}/logo.png?campaign=7&amp;reader=42" alt="logo">
<img src="${origin}/evil.svg" alt="svg">
<img src="${origin}/fake.png" alt="fake">
<img src="http://169.254.169.254/latest/meta-data/iam" alt="metadata">
<img src="${origin.replace('127.0.0.1', 'localhost')}/photo.jpg" alt="by name">
<img src="${origin}/huge.png" alt="huge"><img src="${origin}/huge-chunked.png" alt="huge, size not declared">
<img src="${origin}/slow.png" alt="slow">
`);
}

const proxiedSources = (html: string) =>
  [...html.matchAll(/<img [^>]*src="([^"]+)"/g)].map((m) => m[1]!.replaceAll('&amp;', '&'));

describe('the image proxy against Dovecot and a sender\'s server', () => {
  let server: ImageServer;
  let t: TestApp;
  let closed: TestApp;
  let user: TestUser;
  let agent: Agent;
  let uid: number;
  let sources: string[];

  before(async () => {
    server = await startImageServer();
    const info = await sandbox();
    t = buildApp(info, { IMAGE_PROXY_ALLOW_LOOPBACK: '1', IMAGE_PROXY_MAX_MB: '5', IMAGE_PROXY_TIMEOUT_SECONDS: '2' });
    closed = buildApp(info);
    user = await newUser('proxy');
    [uid] = await appendAll(info, user, 'INBOX', [newsletter(server.origin)]) as [number];
    agent = await signIn(t.app, user);
    const body = await agent.get(`/message/INBOX/${uid}/body?remote=1`).expect(200);
    sources = proxiedSources(body.text);
  });
  after(async () => {
    await t?.close();
    await closed?.close();
    await server?.close();
  });

  it('rewrites every remote image to a signed same-origin address, and the frame may load nothing else', async () => {
    const body = await agent.get(`/message/INBOX/${uid}/body?remote=1`).expect(200);
    assert.equal(sources.length, 8);
    for (const src of sources) assert.match(src, /^\/image-proxy\?u=http[^&]+&s=[A-Za-z0-9_-]{43}$/);
    assert.equal(new URLSearchParams(sources[0]!.split('?')[1]).get('u'), `${server.origin}/logo.png?campaign=7&reader=42`);
    assert.doesNotMatch(body.text, /src="http/);
    const csp = body.headers['content-security-policy']!;
    assert.match(csp, /img-src 'self' data:;/);
    assert.doesNotMatch(csp, /http/);
    assert.equal(body.headers['x-blocked-remote-images'], '0');
    assert.equal(server.seen.length, 0, 'rendering the frame fetched nothing');
  });

  it('serves the image from the sender\'s server without the reader\'s cookies, referrer or headers', async () => {
    const res = await agent.get(sources[0]!).set('Referer', `http://postern.test/message/INBOX/${uid}`)
      .set('Accept-Language', 'de-CH').buffer(true).parse(bytes).expect(200);
    assert.deepEqual(res.body, PNG);
    assert.equal(res.headers['content-type'], 'image/png');
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
    assert.equal(res.headers['content-security-policy'], "default-src 'none'; sandbox");
    assert.equal(res.headers['cache-control'], 'no-store');
    assert.ok(!String(res.headers['set-cookie'] ?? '').includes('tracker'), 'the sender\'s cookie does not reach the reader');
    const seen = server.seen.at(-1)!;
    assert.equal(seen.path, '/logo.png?campaign=7&reader=42');
    assert.deepEqual(Object.keys(seen.headers).sort(), ['accept', 'accept-encoding', 'connection', 'host', 'user-agent']);
    assert.equal(seen.headers['user-agent'], 'Postern-Image-Proxy/1');
  });

  it('refuses SVG and HTML pretending to be PNG, and a private destination', async () => {
    await agent.get(sources[1]!).expect(415);
    await agent.get(sources[2]!).expect(415);
    const before = server.seen.length;
    await agent.get(sources[3]!).expect(403);
    assert.equal(server.seen.length, before);
  });

  it('refuses an image over the size cap, and cuts off one whose size was not declared', async () => {
    await agent.get(sources[5]!).expect(413);
    const res = await agent.get(sources[6]!).buffer(true).parse(bytes).then((r) => r, (err: Error) => err);
    const received = res instanceof Error ? 0 : (res.body as Buffer).length;
    assert.ok(received <= 5 * 1024 * 1024, `${received} bytes passed the 5 MB cap`);
  });

  it('gives up on a server that never answers (IMAGE_PROXY_TIMEOUT_SECONDS)', async () => {
    await agent.get(sources[7]!).expect(504);
  });

  it('refuses an address with a bad, tampered or foreign-session signature', async () => {
    const params = new URLSearchParams(sources[0]!.split('?')[1]);
    const u = params.get('u')!;
    const s = params.get('s')!;
    const before = server.seen.length;
    const flipped = `${s.slice(0, -1)}${s.endsWith('A') ? 'B' : 'A'}`;
    await agent.get(`/image-proxy?${new URLSearchParams({ u, s: flipped })}`).expect(403);
    await agent.get(`/image-proxy?${new URLSearchParams({ u: `${server.origin}/anim.gif`, s })}`).expect(403);
    await agent.get(`/image-proxy?${new URLSearchParams({ u })}`).expect(400);
    await agent.get(`/image-proxy?${new URLSearchParams({ u, s: 'short' })}`).expect(400);
    // The same user in another session: the address was made for the first session only.
    const other = await signIn(t.app, user);
    await other.get(sources[0]!).expect(403);
    await supertest(t.app).get(sources[0]!).expect(302).expect('location', /^\/login\?next=/);
    assert.equal(server.seen.length, before, 'nothing reached the sender');
  });

  it('resolves a host name and serves it when loopback is allowed (test setting)', async () => {
    const res = await agent.get(sources[4]!).expect(200);
    assert.equal(res.headers['content-type'], 'image/jpeg');
    assert.equal(server.seen.at(-1)!.headers.host, `localhost:${server.port}`);
  });

  it('refuses loopback destinations, by address or by name, when IMAGE_PROXY_ALLOW_LOOPBACK is not set', async () => {
    const reader = await signIn(closed.app, user);
    const closedSources = proxiedSources((await reader.get(`/message/INBOX/${uid}/body?remote=1`).expect(200)).text);
    const before = server.seen.length;
    for (const src of [closedSources[0]!, closedSources[4]!]) {
      const res = await reader.get(src).expect(403);
      assert.match(res.text, /not a public address/);
    }
    assert.equal(server.seen.length, before);
  });

  it('keeps remote images blocked until the reader asks', async () => {
    const body = await agent.get(`/message/INBOX/${uid}/body`).expect(200);
    assert.doesNotMatch(body.text, /image-proxy|127\.0\.0\.1/);
    assert.equal(body.headers['x-blocked-remote-images'], '8');
  });
});

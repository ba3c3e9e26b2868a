// "View source": the raw message as text in a page, escaped, decoded line by line (UTF-8 or latin1), and bounded.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import supertest from 'supertest';
import { buildApp, signIn, type TestApp } from '../helpers/app.ts';
import { newUser, sandbox, type TestUser } from '../helpers/env.ts';
import { appendAll, crlf } from '../helpers/imap.ts';
import { MAX_SOURCE_BYTES } from '../../src/http/routes/message-source.ts';

const hostile = crlf(`From: "<script>alert(1)</script>" <mallory@example.com>
To: reader@postern.test
Subject: <img src=x onerror=alert(2)> & friends
Date: Tue, 03 Nov 2026 10:15:00 +0000
Message-ID: <source-1@example.com>
MIME-Version: 1.0
Content-Type: text/html; charset=utf-8

<html><body><p onclick="alert(3)">Grüße</p><script>alert(4)</script></body></html>
`);

// Headers written raw in latin1 by an old mailer, a body in UTF-8: each line read as what it is.
const mixed = Buffer.concat([
  Buffer.from(crlf('From: J\xfcrgen <j@example.de>\nTo: reader@postern.test\nSubject: Mixed\nDate: Tue, 03 Nov 2026 10:15:00 +0000\n'), 'latin1'),
  Buffer.from(crlf('Content-Type: text/plain; charset=utf-8\n\nSchöne Grüße €\n'), 'utf8'),
]);

function big(): string {
  const line = `${'0123456789'.repeat(7)}ab\r\n`;
  return crlf('From: a@example.com\nTo: reader@postern.test\nSubject: Big\nDate: Tue, 03 Nov 2026 10:15:00 +0000\n\n') + line.repeat(Math.ceil((MAX_SOURCE_BYTES * 1.5) / line.length)) + 'THE END\r\n';
}

describe('view source', () => {
  let t: TestApp;
  let user: TestUser;
  let agent: ReturnType<typeof supertest.agent>;
  let uids: number[];

  before(async () => {
    const info = await sandbox();
    t = buildApp(info);
    user = await newUser('src');
    uids = await appendAll(info, user, 'INBOX', [hostile, mixed, big()]);
    agent = await signIn(t.app, user);
  });
  after(() => t.close());

  it('is linked from the message page next to the download', async () => {
    const page = await agent.get(`/message/INBOX/${uids[0]}`).expect(200);
    assert.match(page.text, new RegExp(`<a href="/message/INBOX/${uids[0]}/source">View source</a>`));
    assert.match(page.text, new RegExp(`<a href="/message/INBOX/${uids[0]}/raw" download>Download source</a>`));
  });

  it('shows the source escaped: markup in it is text, never markup of the page', async () => {
    const res = await agent.get(`/message/INBOX/${uids[0]}/source`).expect(200);
    assert.match(res.headers['content-type']!, /text\/html/);
    assert.match(res.headers['cache-control']!, /no-store/);
    const pre = /<pre class="source"[^>]*>([\s\S]*)<\/pre>/.exec(res.text)![1]!;
    assert.match(pre, /From: &#34;&lt;script&gt;alert\(1\)&lt;\/script&gt;&#34; &lt;mallory@example\.com&gt;/);
    assert.match(pre, /&lt;p onclick=&#34;alert\(3\)&#34;&gt;Grüße&lt;\/p&gt;&lt;script&gt;/);
    assert.doesNotMatch(res.text, /<script>alert|<img src=x|<p onclick/);
    assert.match(res.text, /<title>Source: &lt;img src=x onerror=alert\(2\)&gt; &amp; friends · Postern<\/title>/);
    assert.doesNotMatch(res.text, /only the first/i);
  });

  it('reads latin1 header lines and UTF-8 body lines each as what they are', async () => {
    const res = await agent.get(`/message/INBOX/${uids[1]}/source`).expect(200);
    assert.match(res.text, /From: Jürgen &lt;j@example\.de&gt;/);
    assert.match(res.text, /Schöne Grüße €/);
    assert.doesNotMatch(res.text, /\uFFFD/);
  });

  it('shows only the first megabyte of a large message, says so, and links the whole download', async () => {
    const res = await agent.get(`/message/INBOX/${uids[2]}/source`).expect(200);
    const pre = /<pre class="source"[^>]*>([\s\S]*)<\/pre>/.exec(res.text)![1]!;
    assert.ok(Buffer.byteLength(pre) <= MAX_SOURCE_BYTES && Buffer.byteLength(pre) > MAX_SOURCE_BYTES - 200, `${Buffer.byteLength(pre)} bytes shown`);
    assert.doesNotMatch(pre, /THE END/);
    assert.match(res.text, /Only the first 1\.0 MB of 1\.6 MB are shown here\./);
    assert.match(res.text, new RegExp(`<a href="/message/INBOX/${uids[2]}/raw" download>Download the whole message</a>`));
  });

  it('answers 404 for a message that is not there, 400 for a bad UID', async () => {
    await agent.get('/message/INBOX/999999/source').expect(404);
    await agent.get('/message/INBOX/abc/source').expect(400);
  });
});

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import supertest from 'supertest';
import { buildApp, bytes, signIn, type TestApp } from '../helpers/app.ts';
import { newUser, sandbox, type TestUser } from '../helpers/env.ts';
import { appendAll, withImap } from '../helpers/imap.ts';
import { attributeValue, bodyFrame } from '../helpers/body-frame.ts';
import { PDF, PNG, htmlMessage, htmlWithInlineImage, latin1Message, plainText } from '../fixtures/messages.ts';

type Agent = ReturnType<typeof supertest.agent>;

describe('reading a message against Dovecot', () => {
  let t: TestApp;
  let user: TestUser;
  let agent: Agent;
  let htmlUid: number;
  let textUid: number;
  let latinUid: number;
  let raw: string;

  before(async () => {
    const info = await sandbox();
    t = buildApp(info);
    user = await newUser();
    raw = htmlWithInlineImage();
    [htmlUid, textUid, latinUid] = await appendAll(info, user, 'INBOX', [raw, plainText('Plain one'), latin1Message()]) as [number, number, number];
    agent = await signIn(t.app, user);
  });
  after(() => t.close());

  it('shows headers, the attachment list and a sandboxed body frame, and marks the message seen', async () => {
    const res = await agent.get(`/message/INBOX/${htmlUid}`).expect(200);
    assert.match(res.text, /Inline image test/);
    assert.match(res.text, /Ana Lima &lt;ana@example.com&gt;/);
    assert.match(res.text, /Bo Chen &lt;bo@example.com&gt;/);
    assert.match(res.text, /Rechnung März\.pdf/);
    assert.doesNotMatch(res.text, /logo\.png<\/a>/, 'an inline cid image is not listed as an attachment');
    const frame = bodyFrame(res.text);
    assert.match(frame.tag, /sandbox="[^"]*"/);
    assert.doesNotMatch(frame.tag, /allow-scripts/);
    const flags = await withImap(await sandbox(), user, async (c) => {
      await c.mailboxOpen('INBOX');
      const msg = await c.fetchOne(String(htmlUid), { flags: true }, { uid: true });
      return msg ? msg.flags ?? new Set<string>() : new Set<string>();
    });
    assert.ok(flags.has('\\Seen'));
  });

  it('carries the body in the page (srcdoc) with its own CSP first, so opening a message is one request', async () => {
    const res = await agent.get(`/message/INBOX/${htmlUid}`).expect(200);
    const frame = bodyFrame(res.text);
    assert.equal(frame.src, undefined, 'no body request left for the browser');
    const doc = frame.srcdoc ?? '';
    // The frame's own policy is the first element of its head, before anything it governs.
    const meta = attributeValue(/^<!doctype html><html><head><meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(doc)?.[1] ?? '');
    assert.match(meta, /default-src 'none'/);
    assert.match(meta, /script-src 'none'/);
    assert.match(meta, /img-src 'self' data:;/);
    assert.match(meta, /form-action 'none'/);
    assert.match(doc, /The logo above is <b>inline<\/b>/);
    assert.match(doc, new RegExp(`src="/message/INBOX/${htmlUid}/part/[0-9.]+"`));
    assert.doesNotMatch(doc, /<script|onclick|javascript:|tracker\.example|<form|<iframe[\s>]|<style>body\{background/i);
    // The page's policy, which the frame inherits, widens styles only: the frame's <style> by hash and style
    // attributes; scripts, images and forms stay as on every page.
    const csp = res.headers['content-security-policy']!;
    assert.match(csp, /script-src 'self';/);
    assert.match(csp, /img-src 'self' data:;/);
    assert.match(csp, /style-src-elem 'self'( 'sha256-[\w+/=]{44}'){3};/);
    assert.match(csp, /style-src-attr 'unsafe-inline'/);
    assert.doesNotMatch(csp, /unsafe-eval|script-src[^;]*unsafe-inline|style-src(-elem)? [^;]*unsafe-inline/);
    // The same document the frame route serves on its own.
    const alone = await agent.get(`/message/INBOX/${htmlUid}/body`).expect(200);
    assert.equal(doc, alone.text);
  });

  it('keeps a body frame src for a body too large to inline, and the usual page policy', async () => {
    const big = '<p>Quarterly figures in a very long table, row after row of them.</p>\n'.repeat(5000);
    const [uid] = await appendAll(await sandbox(), user, 'INBOX', [htmlMessage('Huge newsletter', big)]);
    const res = await agent.get(`/message/INBOX/${uid}`).expect(200);
    const frame = bodyFrame(res.text);
    assert.equal(frame.srcdoc, undefined);
    assert.equal(frame.src, `/message/INBOX/${uid}/body`);
    assert.ok(res.text.length < 100_000, `the page stays small: ${res.text.length}`);
    assert.doesNotMatch(res.headers['content-security-policy']!, /style-src-attr/);
    assert.match((await agent.get(frame.src).expect(200)).text, /Quarterly figures/);
  });

  it('serves the HTML body sanitized, with cid images rewritten and remote images blocked, under a no-script CSP', async () => {
    const res = await agent.get(`/message/INBOX/${htmlUid}/body`).expect(200);
    const csp = res.headers['content-security-policy']!;
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /script-src 'none'/);
    assert.doesNotMatch(csp, /img-src[^;]*https:/);
    assert.match(res.text, /The logo above is <b>inline<\/b>/);
    assert.match(res.text, new RegExp(`src="/message/INBOX/${htmlUid}/part/[0-9.]+"`));
    assert.doesNotMatch(res.text, /<script|onclick|javascript:|tracker\.example|<form|<iframe|<style>body\{background/i);
    assert.match(res.text, /href="https:\/\/example\.com\/docs"/);
    // The tracking pixel, the <style> background and the iframe: all held back, all counted.
    assert.equal(res.headers['x-blocked-remote-images'], '3');
  });

  it('loads remote images only when the reader asks, and then through Postern', async () => {
    const res = await agent.get(`/message/INBOX/${htmlUid}/body?remote=1`).expect(200);
    assert.match(res.headers['content-security-policy']!, /img-src 'self' data:;/);
    assert.match(res.text, /src="\/image-proxy\?u=https%3A%2F%2Ftracker\.example%2Fpixel\.gif&amp;s=[\w-]{43}"/);
    assert.doesNotMatch(res.text, /src="https?:/);
  });

  it('streams an attachment with its exact bytes as a download, and a cid image inline', async () => {
    const page = await agent.get(`/message/INBOX/${htmlUid}`).expect(200);
    const pdfHref = /href="(\/message\/INBOX\/\d+\/part\/[0-9.]+)" download>Rechnung/.exec(page.text)?.[1];
    assert.ok(pdfHref);
    const pdf = await agent.get(pdfHref).buffer(true).parse(bytes).expect(200);
    assert.ok(Buffer.compare(pdf.body as Buffer, PDF) === 0, 'identical bytes');
    assert.match(pdf.headers['content-disposition']!, /^attachment;.*filename\*=UTF-8''Rechnung%20M%C3%A4rz\.pdf/);
    assert.equal(pdf.headers['x-content-type-options'], 'nosniff');
    assert.match(pdf.headers['content-security-policy']!, /sandbox/);
    const body = await agent.get(`/message/INBOX/${htmlUid}/body`);
    const imgHref = /src="(\/message\/INBOX\/\d+\/part\/[0-9.]+)"/.exec(body.text)![1]!;
    const img = await agent.get(imgHref).expect(200).expect('content-type', 'image/png');
    assert.match(img.headers['content-disposition']!, /^inline/);
    assert.ok(Buffer.compare(img.body as Buffer, PNG) === 0);
  });

  it('offers an attached picture as a preview in the page, served as an image; other attachments only as downloads', async () => {
    const withPicture = raw.replace('Content-Disposition: inline; filename="logo.png"', 'Content-Disposition: attachment; filename="photo.png"')
      .replace(/Content-ID: <logo@example.com>\r\n/, '');
    const [uid] = await appendAll(await sandbox(), user, 'INBOX', [withPicture]);
    const res = await agent.get(`/message/INBOX/${uid}`).expect(200);
    const preview = /<details class="preview"><summary>Preview<span class="visually-hidden"> photo\.png<\/span><\/summary><img src="([^"]+)" alt="photo\.png" loading="lazy"><\/details>/.exec(res.text);
    assert.ok(preview, 'the picture has a preview');
    assert.equal(res.text.match(/class="preview"/g)?.length, 1, 'the PDF has none');
    await agent.get(preview[1]!).expect(200).expect('content-type', 'image/png');
  });

  it('downloads the raw message byte for byte', async () => {
    const res = await agent.get(`/message/INBOX/${htmlUid}/raw`).buffer(true).parse(bytes).expect(200);
    assert.equal((res.body as Buffer).toString('utf8'), raw);
    assert.match(res.headers['content-disposition']!, /attachment; filename="Inline image test\.eml"/);
  });

  it('shows plain text with links and quotes, HTML-escaped', async () => {
    const res = await agent.get(`/message/INBOX/${textUid}/body`).expect(200);
    assert.match(res.text, /<a [^>]*href="https:\/\/example\.com\/a\?b=1"/);
    assert.match(res.text, /class="quote"/);
  });

  it('decodes RFC 2047 headers and an ISO-8859-1 body to UTF-8', async () => {
    const page = await agent.get(`/message/INBOX/${latinUid}`).expect(200);
    assert.match(page.text, /Grüße aus Köln/);
    assert.match(page.text, /Jürgen Müller/);
    const body = await agent.get(`/message/INBOX/${latinUid}/body`).expect(200);
    assert.match(body.text, /Schöne Grüße aus Köln, Jürgen/);
  });

  const bad: [string, string, number][] = [
    ['a non-numeric UID', '/message/INBOX/abc', 400],
    ['UID zero', '/message/INBOX/0', 400],
    ['a UID that does not exist', '/message/INBOX/999999', 404],
    ['a folder that does not exist', '/message/No%20Such%20Folder/1', 404],
    ['an unknown part', '/message/INBOX/UID/part/9.9', 404],
    ['a malformed part', '/message/INBOX/UID/part/1.x', 400],
    ['a body of a missing UID', '/message/INBOX/999999/body', 404],
    ['the raw source of a missing UID', '/message/INBOX/999999/raw', 404],
    ['a folder name with CRLF', '/message/INBOX%0D%0AA1%20LOGOUT/1', 400],
    ['a bad percent-encoding', '/message/%E0%A4%A/1', 400],
  ];
  for (const [what, url, status] of bad) {
    it(`answers ${status} with a page, not a stack trace, to ${what}`, async () => {
      const res = await agent.get(url.replace('UID', String(htmlUid))).expect(status);
      assert.match(res.headers['content-type']!, /text\/html/);
      assert.doesNotMatch(res.text, /at .*\.ts:\d+|Error:|imapflow/);
    });
  }
});

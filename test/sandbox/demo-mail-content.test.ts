// The featured demo messages, read back with an independent MIME reader: each shows the case it is there for
// (plain text, newsletter, related image, attachments, forward, non-Latin names, a thread).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEMO, demoMessages } from '../../sandbox/demo-mail.ts';
import { messages, parse, decoded, textOf, header, walk, bySubject, assertPng, assertPdf, assertZip, type Part } from './demo-mail-helpers.ts';

describe('demoMessages', () => {
  it('keeps the plain message text-only with a URL and a quoted reply to a message in Sent', () => {
    const { root } = bySubject(DEMO.subjects.plain);
    const text = textOf(root);
    assert.equal(root.type, 'text/plain');
    assert.ok(text.includes(DEMO.phrases.plainUrl));
    assert.match(text, new RegExp(`^> ${DEMO.phrases.plainQuote}`, 'm'));
    const origin = bySubject(DEMO.subjects.sentOrigin);
    assert.deepEqual(origin.message.mailbox, ['Sent']);
    assert.equal(root.headers.get('in-reply-to'), origin.root.headers.get('message-id'));
  });

  it('sends the newsletter as multipart/alternative with remote images and a tracking pixel', () => {
    const { root } = bySubject(DEMO.subjects.newsletter);
    assert.equal(root.type, 'multipart/alternative');
    assert.deepEqual(root.children.map((p) => p.type), ['text/plain', 'text/html']);
    const html = textOf(root.children[1]!);
    assert.ok(html.includes(`src="${DEMO.remote.trackingPixel}" width="1" height="1"`));
    assert.ok(html.includes(`src="http://${DEMO.remote.host}/`) && html.includes(`src="https://${DEMO.remote.host}/`));
    assert.match(html, /<table[^>]+style="/);
    assert.ok(html.includes(DEMO.phrases.newsletterHeadline) && textOf(root.children[0]!).includes(DEMO.phrases.newsletterHeadline.toUpperCase()));
    assert.match(root.headers.get('list-unsubscribe')!, /^<https:/);
  });

  it('embeds the logo in multipart/related and refers to it by cid', () => {
    const parts = walk(bySubject(DEMO.subjects.inlineImage).root);
    const related = parts.find((p) => p.type === 'multipart/related');
    assert.ok(related);
    const [html, image] = related.children;
    assert.equal(html?.type, 'text/html');
    assert.ok(textOf(html!).includes(`src="cid:${DEMO.contentIds.logo}"`) && textOf(html!).includes(DEMO.phrases.inlineImage));
    assert.equal(image?.type, 'image/png');
    assert.equal(image?.headers.get('content-id'), `<${DEMO.contentIds.logo}>`);
    assertPng(decoded(image!));
  });

  it('attaches a valid PDF, PNG and ZIP to a text message', () => {
    const { root } = bySubject(DEMO.subjects.attachments);
    assert.equal(root.type, 'multipart/mixed');
    const [text, ...files] = root.children;
    assert.ok(textOf(text!).includes(DEMO.phrases.attachments));
    assert.deepEqual(files.map((p) => [p.type, p.params.name]), [
      ['application/pdf', DEMO.attachments.pdf],
      ['image/png', DEMO.attachments.png],
      ['application/zip', DEMO.attachments.zip],
    ]);
    assert.ok(files.every((p) => p.headers.get('content-disposition')?.startsWith('attachment')));
    assertPdf(decoded(files[0]!));
    assertPng(decoded(files[1]!));
    assertZip(decoded(files[2]!));
  });

  it('forwards a whole message as message/rfc822 with its own text and attachment', () => {
    const { root } = bySubject(DEMO.subjects.forwarded);
    assert.ok(textOf(root.children[0]!).includes(DEMO.phrases.forwardedOuter));
    const wrapper = root.children.find((p) => p.type === 'message/rfc822');
    const inner = wrapper?.children[0];
    assert.ok(inner);
    assert.equal(header(inner, 'subject'), DEMO.subjects.forwardedInner);
    assert.ok(textOf(inner.children[0]!).includes(DEMO.phrases.forwardedInner));
    const chart = inner.children[1]!;
    assert.deepEqual([chart.type, chart.params.name], ['image/gif', DEMO.attachments.forwardedInner]);
    assert.equal(decoded(chart).subarray(0, 6).toString(), 'GIF89a');
  });

  for (const sample of DEMO.charsets) {
    it(`writes the ${sample.charset} body in ${sample.transferEncoding} and its subject so readers can decode them`, () => {
      const { root } = bySubject(sample.subject);
      assert.equal(root.type, 'text/plain');
      assert.equal(root.params.charset?.toLowerCase(), sample.charset);
      assert.equal(root.headers.get('content-transfer-encoding'), sample.transferEncoding);
      assert.ok(textOf(root).includes(sample.phrase), textOf(root));
      if (sample.charset !== 'utf-8') assert.ok(root.headers.get('subject')!.toLowerCase().includes(`=?${sample.charset}?`));
    });
  }

  it('names senders in several scripts with RFC 2047', () => {
    const { root } = bySubject(DEMO.subjects.nonAscii);
    assert.equal(header(root, 'from'), 'Jürgen Müller <juergen.mueller@example.de>');
    assert.match(header(root, 'cc'), /山田 花子 .*Ольга Смирнова/);
    assert.match(DEMO.subjects.nonAscii, /ü.*東京.*🚀.*Привет/u);
  });

  it('links the thread with In-Reply-To and the full References chain', () => {
    const thread = messages
      .map((m) => parse(m.raw))
      .filter((root) => header(root, 'subject').replace(/^re:\s*/i, '') === DEMO.threadSubject);
    assert.equal(thread.length, DEMO.threadLength);
    const byId = new Map(thread.map((root) => [root.headers.get('message-id'), root]));
    const roots = thread.filter((root) => !root.headers.has('in-reply-to'));
    assert.equal(roots.length, 1);
    for (const root of thread.filter((r) => r !== roots[0])) {
      const parent = byId.get(root.headers.get('in-reply-to'));
      assert.ok(parent, 'replies to a message of the thread');
      const chain = (r: Part) => (r.headers.get('references') ?? '').split(/\s+/).filter(Boolean);
      assert.deepEqual(chain(root), [...chain(parent), parent.headers.get('message-id')]);
    }
    assert.ok(new Set(thread.map((root) => root.headers.get('from'))).size >= 4);
  });
});

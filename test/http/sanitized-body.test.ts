// The message page and its body frame share one sanitizing per open: the result is kept with the body object that
// the session's cache hands to both requests (sanitized-body.ts).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { MessageBody } from '../../src/mail/reading/message-parts.ts';
import { sanitizedBody } from '../../src/http/presenters/sanitized-body.ts';

const body = (html: string): MessageBody => ({
  plan: { display: [{ kind: 'text', part: '1', size: 5 }, { kind: 'html', part: '2', size: html.length }], attachments: [], inlineImages: new Map([['logo@x', '3']]) },
  parts: [
    { display: { kind: 'text', part: '1', size: 5 }, content: 'Hello', truncated: false },
    { display: { kind: 'html', part: '2', size: html.length }, content: html, truncated: false },
  ],
});

const shown = (key: string) => ({ key, urlFor: (src: string) => `/image-proxy?u=${encodeURIComponent(src)}&s=${key}` });

describe('sanitizedBody', () => {
  it('sanitizes a body once per mode and hands the frame what the page worked out', () => {
    const b = body('<p>Hi</p><img src="cid:logo@x" alt="logo"><img src="https://t.example/p.gif" alt="">');
    const page = sanitizedBody(b, 'INBOX', 7);
    assert.equal(sanitizedBody(b, 'INBOX', 7), page, 'the same result, not a second sanitizing');
    assert.equal(page.parts[0], undefined, 'plain text is not sanitized as HTML');
    assert.match(page.parts[1]!.html, /src="\/message\/INBOX\/7\/part\/3"/);
    assert.equal(page.blockedRemote, 1);
    assert.equal(page.remoteReferences, 1);
  });

  it('sanitizes again for another mode or another session, and proxies remote images there', () => {
    const b = body('<img src="https://t.example/p.gif" alt="">');
    const blocked = sanitizedBody(b, 'INBOX', 7);
    const mine = sanitizedBody(b, 'INBOX', 7, shown('one'));
    assert.notEqual(mine, blocked);
    assert.match(mine.parts[1]!.html, /image-proxy\?u=https%3A%2F%2Ft\.example%2Fp\.gif&amp;s=one/);
    assert.equal(mine.blockedRemote, 0);
    assert.equal(mine.remoteReferences, 1);
    assert.equal(sanitizedBody(b, 'INBOX', 7, shown('one')), mine);
    assert.match(sanitizedBody(b, 'INBOX', 7, shown('two')).parts[1]!.html, /s=two/, 'never another session\'s signed addresses');
  });

  it('reports nothing remote for mail without remote content', () => {
    const r = sanitizedBody(body('<table><tr><td style="color:#333">Words <a href="https://example.com/">link</a></td></tr></table>'), 'INBOX', 1);
    assert.equal(r.remoteReferences, 0);
    assert.equal(r.blockedRemote, 0);
  });
});

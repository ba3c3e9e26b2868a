// The HTML a rich-text reply or forward starts with, and the "> " lines its plain part gets from the blockquote.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { htmlToText } from '../../src/compose/html-text.ts';
import { forwardHtml, linesToHtml, replyHtml, signatureHtml, textWithSignatureHtml } from '../../src/compose/quote-html.ts';
import type { ComposeSource } from '../../src/mail/writing/originals.ts';

const a = (address: string, name = '') => ({ name, address });

function source(html: string | undefined): ComposeSource {
  return {
    mailbox: 'INBOX', uid: 7, subject: 'Budget', from: [a('carol@x.org', 'Carol')], to: [a('me@x.org')], cc: [], bcc: [],
    replyTo: [], date: new Date('2026-11-03T10:15:00Z'), messageId: '<m3@x.org>', inReplyTo: undefined, references: [],
    text: { kind: 'text', content: 'Numbers.\n', flowed: false, delSp: false }, html,
    attachments: [], originalRef: undefined, deliveredTo: [],
  };
}

describe('blockquotes as "> " lines', () => {
  const quote = (html: string) => htmlToText(html, { quoteBlockquotes: true });
  const cases: [string, string, string][] = [
    ['quotes a blockquote under its attribution, without a blank line between', '<div>Hi</div><div>On X wrote:</div><blockquote type="cite"><p>one</p><p>two</p></blockquote>', 'Hi\nOn X wrote:\n> one\n>\n> two'],
    ['nests quotes as RFC 3676 does', '<blockquote>a<blockquote>b</blockquote>c</blockquote>', '> a\n>> b\n>\n> c'],
    ['leaves a blank line after the quote before new text', '<blockquote>q</blockquote><div>mine</div>', '> q\n\nmine'],
    ['is the plain conversion when there is no blockquote', '<div>a</div><div>-- </div><div>b</div>', 'a\n--\nb'],
    ['keeps the empty lines of a quote', '<blockquote><div>a</div><div><br></div><div>b</div></blockquote>', '> a\n>\n> b'],
    ['takes characters of the Private Use Area as text', '\uE000x\uE001<blockquote>y</blockquote>', '\uE000x\uE001\n> y'],
    ['survives an unclosed blockquote', '<blockquote>open', '> open'],
  ];
  for (const [what, html, text] of cases) it(what, () => assert.equal(quote(html), text));
  it('leaves blockquotes as paragraphs without the option', () => assert.equal(htmlToText('<blockquote>q</blockquote>'), 'q'));
});

describe('the HTML a rich-text reply or forward starts with', () => {
  const hostile = '<p onclick="x()">Hi <img src="http://t.example/p.gif" alt="p"><img src="cid:c@x"></p><script>alert(1)</script>';
  const signature = { format: 'text' as const, content: 'Me & co' };

  it('is undefined when the original has no HTML part', () => {
    assert.equal(replyHtml(source(undefined), undefined), undefined);
    assert.equal(forwardHtml(source(undefined), undefined), undefined);
  });

  it('quotes the sanitized original in a cite blockquote under the attribution, the signature above', () => {
    assert.equal(replyHtml(source(hostile), signature),
      '<div><br></div><div><br></div><div data-signature=""><div>-- </div><div>Me &amp; co</div></div><div><br></div>'
      + '<div>On Tue, 3 Nov 2026, 10:15 UTC, Carol &lt;carol@x.org&gt; wrote:</div>'
      + '<blockquote type="cite"><p>Hi <img alt="p" /></p></blockquote>');
  });

  it('forwards under the header block, without a blockquote', () => {
    assert.equal(forwardHtml(source(hostile), undefined),
      '<div><br></div><div><br></div><div>---------- Forwarded message ----------</div><div>From: Carol &lt;carol@x.org&gt;</div>'
      + '<div>Date: Tue, 3 Nov 2026, 10:15 UTC</div><div>Subject: Budget</div><div>To: me@x.org</div><div><br></div>'
      + '<div><p>Hi <img alt="p" /></p></div>');
  });

  it('escapes plain lines as the editor does', () => assert.equal(linesToHtml('<b>\n'), '<div>&lt;b&gt;</div><div><br></div>'));
});

describe('the signature in the rich-text editor', () => {
  const html = { format: 'html' as const, content: '<b>Me</b> &amp; co' };
  const text = { format: 'text' as const, content: 'Me\n<co>\n\n' };

  it('is one element: "-- " then the HTML signature as it is, text outside a block wrapped in one', () => {
    assert.equal(signatureHtml(html), '<div data-signature=""><div>-- </div><div><b>Me</b> &amp; co</div></div>');
    assert.equal(signatureHtml({ format: 'html', content: '<p>Me</p><p>co</p>' }), '<div data-signature=""><div>-- </div><p>Me</p><p>co</p></div>');
  });

  it('writes a plain signature as lines, escaped, without its trailing blank lines', () => {
    assert.equal(signatureHtml(text), '<div data-signature=""><div>-- </div><div>Me</div><div>&lt;co&gt;</div></div>');
  });

  it('is nothing without a signature, and a new message then starts from the text area', () => {
    assert.equal(signatureHtml(undefined), '');
    assert.equal(signatureHtml({ format: 'html', content: '  ' }), '');
    assert.equal(textWithSignatureHtml('', undefined), '');
  });

  it('goes under room to write in a new message, and above a plain quote', () => {
    assert.equal(textWithSignatureHtml('', html), `<div><br></div><div><br></div>${signatureHtml(html)}`);
    assert.equal(textWithSignatureHtml('\n\nOn X, Bob wrote:\n> hi\n', html),
      `<div><br></div><div><br></div>${signatureHtml(html)}<div><br></div><div>On X, Bob wrote:</div><div>&gt; hi</div>`);
  });
});

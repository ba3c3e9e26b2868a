// The starting fields of replies and forwards, from plain objects: subjects, recipients, threading, quoting.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { htmlToText } from '../../src/compose/html-text.ts';
import {
  forwardSubject, prepareForward, prepareReply, replyRecipients, replySubject, sourceText, threadingFor,
} from '../../src/compose/reply.ts';
import type { ComposeSource } from '../../src/mail/writing/originals.ts';

const a = (address: string, name = '') => ({ name, address });

function source(over: Partial<ComposeSource> = {}): ComposeSource {
  return {
    mailbox: 'INBOX', uid: 7, subject: 'Budget', from: [a('carol@x.org', 'Carol')], to: [a('me@x.org'), a('dave@x.org', 'Dave')],
    cc: [a('erin@x.org')], bcc: [], replyTo: [], date: new Date('2026-11-03T10:15:00Z'), messageId: '<m3@x.org>',
    inReplyTo: '<m2@x.org>', references: ['<m1@x.org>', '<m2@x.org>'],
    text: { kind: 'text', content: 'Numbers attached.\r\n\r\n> earlier words\r\n', flowed: false, delSp: false },
    attachments: [], originalRef: undefined, deliveredTo: [], ...over,
  };
}
const me = { login: 'me@x.org', fromAddress: 'me@x.org' };

describe('reply and forward subjects', () => {
  const cases: [string, string, string][] = [
    ['Budget', 'Re: Budget', 'Fwd: Budget'],
    ['Re: Budget', 'Re: Budget', 'Fwd: Re: Budget'],
    ['RE: re: Budget', 'Re: Budget', 'Fwd: RE: re: Budget'],
    ['Re[2]: Budget', 'Re: Budget', 'Fwd: Re[2]: Budget'],
    ['AW: Budget', 'Re: Budget', 'Fwd: AW: Budget'],
    ['Fwd: Budget', 'Re: Fwd: Budget', 'Fwd: Budget'],
    ['FW: Fwd: Budget', 'Re: FW: Fwd: Budget', 'Fwd: Budget'],
    ['Regarding budget', 'Re: Regarding budget', 'Fwd: Regarding budget'],
  ];
  for (const [subject, reply, forward] of cases) {
    it(`turns "${subject}" into "${reply}" and "${forward}"`, () => {
      assert.equal(replySubject(subject), reply);
      assert.equal(forwardSubject(subject), forward);
    });
  }
});

describe('reply recipients', () => {
  it('answers the sender, or Reply-To when there is one', () => {
    assert.deepEqual(replyRecipients(source(), 'reply', me), { to: [a('carol@x.org', 'Carol')], cc: [] });
    assert.deepEqual(replyRecipients(source({ replyTo: [a('list@x.org')] }), 'reply', me).to, [a('list@x.org')]);
  });

  it('adds To and Cc for reply-all, without the user and without repeats', () => {
    const { to, cc } = replyRecipients(source({ cc: [a('erin@x.org'), a('ME@x.org'), a('carol@x.org')] }), 'reply-all', me);
    assert.deepEqual(to, [a('carol@x.org', 'Carol')]);
    assert.deepEqual(cc, [a('dave@x.org', 'Dave'), a('erin@x.org')]);
  });

  it('leaves out a bare login\'s address by local part', () => {
    const { cc } = replyRecipients(source(), 'reply-all', { login: 'me', fromAddress: undefined });
    assert.deepEqual(cc, [a('dave@x.org', 'Dave'), a('erin@x.org')]);
  });

  it('answers the recipients of the user\'s own message, as from Sent', () => {
    const mine = source({ from: [a('me@x.org')], to: [a('dave@x.org', 'Dave')], cc: [] });
    assert.deepEqual(replyRecipients(mine, 'reply', me).to, [a('dave@x.org', 'Dave')]);
  });
});

describe('threading headers', () => {
  it('sets In-Reply-To to the parent and appends it to References', () => {
    assert.deepEqual(threadingFor(source()), { inReplyTo: '<m3@x.org>', references: ['<m1@x.org>', '<m2@x.org>', '<m3@x.org>'] });
  });

  it('keeps the parent\'s References when it has no Message-ID', () => {
    assert.deepEqual(threadingFor(source({ messageId: undefined })), { inReplyTo: undefined, references: ['<m1@x.org>', '<m2@x.org>'] });
  });
});

describe('quoting', () => {
  it('quotes the text under an attribution line', () => {
    const { body, subject } = prepareReply(source(), 'reply', me);
    assert.equal(subject, 'Re: Budget');
    assert.match(body, /^\n\nOn .*2026.*, Carol <carol@x\.org> wrote:\n> Numbers attached\.\n>\n> > earlier words\n$/);
  });

  it('unwraps format=flowed before quoting', () => {
    const text = { kind: 'text' as const, content: 'A long line that \r\nwas wrapped.\r\n', flowed: true, delSp: false };
    assert.equal(sourceText(source({ text })), 'A long line that was wrapped.\n');
  });

  it('flattens an HTML-only message to text', () => {
    const text = { kind: 'html' as const, content: '<p>Hi&nbsp;<b>there</b></p><ul><li>one</li><li>two &amp; more</li></ul>', flowed: false, delSp: false };
    assert.equal(sourceText(source({ text })), 'Hi there\n\n- one\n- two & more');
  });

  it('forwards with a header block and the original text', () => {
    const { body, subject, to } = prepareForward(source());
    assert.equal(subject, 'Fwd: Budget');
    assert.deepEqual(to, []);
    assert.match(body, /---------- Forwarded message ----------\nFrom: Carol <carol@x\.org>\nDate: .*2026.*\nSubject: Budget\nTo: me@x\.org, Dave <dave@x\.org>\nCc: erin@x\.org\n\nNumbers attached\./);
  });
});

describe('HTML to text for quoting', () => {
  const cases: [string, string, string][] = [
    ['drops scripts, styles and comments', '<style>p{}</style><script>x()</script><!-- c --><p>Text</p>', 'Text'],
    ['turns <br> and blocks into line breaks', 'a<br>b<div>c</div>d', 'a\nb\nc\nd'],
    ['collapses source whitespace like a browser', '<p>one\n   two</p>', 'one two'],
    ['decodes numeric and named entities', '&#228;&#x263A; &lt;tag&gt; &eacute;', 'ä☺ <tag> &eacute;'],
    ['survives an unclosed script', 'before<script>never closed', 'before'],
    ['keeps table cells apart', '<table><tr><td>a</td><td>b</td></tr></table>', 'a b'],
  ];
  for (const [what, html, text] of cases) it(what, () => assert.equal(htmlToText(html), text));

  it('stays linear on thousands of unclosed tags', () => {
    const started = Date.now();
    htmlToText('<script'.repeat(50_000) + '<p'.repeat(50_000));
    assert.ok(Date.now() - started < 1000);
  });
});

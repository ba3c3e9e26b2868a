// Quote folding in the conversation view (presenters/folded-quotes.ts), fed as the body frame feeds it: mail HTML
// through the real sanitizer (which keeps the mail programs' quote marks as data-quote), plain text through
// textToHtml. The samples have the shapes Gmail, Outlook (web and desktop), Thunderbird, Apple Mail and plain-text
// mailers write; the shared real-world corpus adds its Gmail message when it is beside this clone.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { foldQuotes } from '../../src/http/presenters/folded-quotes.ts';
import { textToHtml } from '../../src/mime/linkify.ts';
import { sanitizeEmailHtml } from '../../src/mime/sanitize-html.ts';
import { decodeQuotedPrintable } from '../../src/mime/transfer-encoding.ts';

const SUMMARY = 'Show quoted text';
const html = (mail: string) => foldQuotes(sanitizeEmailHtml(mail, { resolveCid: () => undefined }).html, SUMMARY);
const text = (mail: string) => foldQuotes(`<div class="text">${textToHtml(mail)}</div>`, SUMMARY);

/** What is shown open (outside every fold) and what each fold holds, as text. */
function split(folded: string) {
  const words = (s: string) => s.replace(/<\/?(a|span|b|font)\b[^>]*>/g, '').replace(/<[^>]*>/g, ' ').replace(/&nbsp;|&#160;|\u00a0/g, ' ').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/\s+/g, ' ').trim();
  const folds = [...folded.matchAll(/<details class="quoted"><summary>Show quoted text<\/summary>([\s\S]*?)<\/details>/g)].map((m) => words(m[1]!));
  const open = words(folded.replace(/<details class="quoted">[\s\S]*?<\/details>/g, ' '));
  return { open, folds };
}

/** The tags of `s` balance: every element opened is closed, in order (void elements aside). */
function balanced(s: string): boolean {
  const stack: string[] = [];
  for (const m of s.matchAll(/<(\/?)([a-z][a-z0-9]*)[^>]*?(\/?)>/gi)) {
    const tag = m[2]!.toLowerCase();
    if (m[3] || ['br', 'img', 'hr', 'wbr', 'col'].includes(tag)) continue;
    if (!m[1]) stack.push(tag);
    else if (stack.pop() !== tag) return false;
  }
  return stack.length === 0;
}

describe('quote folding in the conversation view', () => {
  it('folds Gmail\'s quote container with its "On ... wrote:" line', () => {
    const out = html('<div dir="ltr">Sounds good, see you then.</div><br><div class="gmail_quote gmail_quote_container"><div dir="ltr" class="gmail_attr">On Mon, Mar 2, 2026 at 10:00\u202fAM Dana &lt;<a href="mailto:dana@example.com">dana@example.com</a>&gt; wrote:<br></div><blockquote class="gmail_quote" style="margin:0px 0px 0px 0.8ex;border-left:1px solid rgb(204,204,204);padding-left:1ex"><div dir="ltr">Lunch on Friday?</div></blockquote></div>');
    const { open, folds } = split(out);
    assert.equal(open, 'Sounds good, see you then.');
    assert.equal(folds.length, 1);
    assert.match(folds[0]!, /^On Mon, Mar 2, 2026 .* wrote: Lunch on Friday\?$/);
    assert.ok(balanced(out), out);
  });

  it('folds Outlook on the web\'s reply header and the original below it, to the end of the message', () => {
    const out = html('<html><body><div style="font-family: Calibri, Arial; font-size: 12pt">Thanks, will do.</div><div id="appendonsend"></div><hr style="display:inline-block;width:98%" tabindex="-1"><div id="divRplyFwdMsg" dir="ltr"><font face="Calibri, sans-serif" style="font-size:11pt" color="#000000"><b>From:</b> Dana &lt;dana@example.com&gt;<br><b>Sent:</b> Monday, March 2, 2026 10:00 AM<br><b>To:</b> Me &lt;me@example.com&gt;<br><b>Subject:</b> Budget</font><div>&nbsp;</div></div><div class="BodyFragment"><font size="2"><span style="font-size:11pt;"><div class="PlainText">Please send the numbers.</div></span></font></div></body></html>');
    const { open, folds } = split(out);
    assert.equal(open, 'Thanks, will do.');
    assert.equal(folds.length, 1);
    assert.match(folds[0]!, /^From: Dana <dana@example\.com> Sent: .* Subject: Budget Please send the numbers\.$/);
    assert.ok(balanced(out), out);
  });

  it('folds desktop Outlook\'s bordered header out of its wrapper, with the original after it', () => {
    const out = html('<html><body lang="EN-US"><div class="WordSection1"><p class="MsoNormal">Done.<o:p></o:p></p><p class="MsoNormal"><o:p>&nbsp;</o:p></p><div><div style="border:none;border-top:solid #E1E1E1 1.0pt;padding:3.0pt 0cm 0cm 0cm"><p class="MsoNormal"><b><span lang="EN-US">From:</span></b><span lang="EN-US"> Dana &lt;dana@example.com&gt; <br><b>Sent:</b> Monday, March 2, 2026 10:00<br><b>Subject:</b> Budget<o:p></o:p></span></p></div></div><p class="MsoNormal"><o:p>&nbsp;</o:p></p><p class="MsoNormal">Can you do it by Friday?<o:p></o:p></p></div></body></html>');
    const { open, folds } = split(out);
    assert.equal(open, 'Done.');
    assert.equal(folds.length, 1);
    assert.match(folds[0]!, /^From: Dana .* Subject: Budget Can you do it by Friday\?$/);
    assert.ok(balanced(out), out);
  });

  it('folds from an "-----Original Message-----" line, in HTML and in plain text', () => {
    const fromHtml = split(html('<div><p>OK, booked.</p><p>-----Original Message-----<br>From: Dana<br>Sent: Monday</p><p>Book the room.</p></div>'));
    assert.equal(fromHtml.open, 'OK, booked.');
    assert.deepEqual(fromHtml.folds, ['-----Original Message----- From: Dana Sent: Monday Book the room.']);
    const fromText = split(text('OK, booked.\n\n-----Original Message-----\nFrom: Dana\nSent: Monday\n\nBook the room.\n'));
    assert.equal(fromText.open, 'OK, booked.');
    assert.deepEqual(fromText.folds, ['-----Original Message----- From: Dana Sent: Monday Book the room.']);
    const german = split(text('Erledigt.\n\n-----Ursprüngliche Nachricht-----\nVon: Dana\nAlt.\n'));
    assert.deepEqual([german.open, german.folds.length], ['Erledigt.', 1]);
  });

  it('folds Thunderbird\'s cite prefix with its blockquote', () => {
    const out = html('<html><body><p>Agreed.</p><div class="moz-cite-prefix">Am 02.03.26 um 10:00 schrieb Dana:<br></div><blockquote type="cite" cite="mid:x@example.com"><p>Shall we?</p></blockquote></body></html>');
    const { open, folds } = split(out);
    assert.equal(open, 'Agreed.');
    assert.deepEqual(folds, ['Am 02.03.26 um 10:00 schrieb Dana: Shall we?']);
    // A cite prefix in a language the line pattern does not know is still one, by its class.
    assert.deepEqual(split(html('<p>Ok.</p><div class="moz-cite-prefix">Dana 2026-03-02 10:00:<br></div><blockquote type="cite">Old</blockquote>')).folds, ['Dana 2026-03-02 10:00: Old']);
  });

  it('folds Apple Mail\'s attribution block and blank line with the blockquote', () => {
    const { open, folds } = split(html('<html><body><div>Yes.</div><div><br><div>On 2 Mar 2026, at 10:00, Dana &lt;<a href="mailto:dana@example.com">dana@example.com</a>&gt; wrote:<br><br></div><blockquote type="cite"><div>Coming?</div></blockquote></div></body></html>'));
    assert.equal(open, 'Yes.');
    assert.deepEqual(folds, ['On 2 Mar 2026, at 10:00, Dana <dana@example.com> wrote: Coming?']);
  });

  it('folds plain-text "> " runs with the "On ... wrote:" line before them, and leaves other lines open', () => {
    const out = text('Yes, Friday works.\n\nOn Mon, 2 Mar 2026 at 10:00, Dana <dana@example.com> wrote:\n> Does Friday work?\n> > Earlier: what about Thursday?\n\nSee you.\n-- \nMe\n');
    const { open, folds } = split(out);
    assert.equal(open, 'Yes, Friday works. See you. -- Me');
    assert.equal(folds.length, 1);
    assert.match(folds[0]!, /^On Mon, 2 Mar 2026 at 10:00, Dana <dana@example\.com> wrote: Does Friday work\? Earlier: what about Thursday\?$/);
    // Interleaved answers: each quoted run folds on its own; a line that only ends with a colon is not an attribution.
    const inline = split(text('See below:\n> first question\nFirst answer.\n> second question\nSecond answer.\n'));
    assert.equal(inline.open, 'See below: First answer. Second answer.');
    assert.deepEqual(inline.folds, ['first question', 'second question']);
  });

  it('shows a message that is nothing but a quote whole, folding only the quotes inside it', () => {
    const { open, folds } = split(text('> forwarded line one\n> forwarded line two\n'));
    assert.equal(open, 'forwarded line one forwarded line two');
    assert.deepEqual(folds, []);
  });

  it('keeps hostile nesting bounded: 50,000 nested quotes fold as one, without recursion, and stay balanced', () => {
    const deep = `<p>Top</p>${'<blockquote>'.repeat(50_000)}deep${'</blockquote>'.repeat(50_000)}<p>After</p>`;
    const out = foldQuotes(deep, SUMMARY);
    assert.equal(out.match(/<details/g)?.length, 1);
    assert.ok(out.endsWith('</blockquote></details><p>After</p>'));
    // Stray and missing closing tags: the output still closes its fold.
    const broken = foldQuotes('<div>New</div></span><blockquote>never closed', SUMMARY);
    assert.ok(broken.endsWith('never closed</details>'), broken);
  });

  const corpusMessage = path.join(import.meta.dirname, '..', '..', '..', 'shared', 'corpus', 'mail-gem', 'mime_emails', 'two_from_in_message.eml');
  it('shows the corpus\'s Gmail message, one quote container inside another and nothing before it, whole', { skip: existsSync(corpusMessage) ? false : 'no ../shared/corpus beside this clone' }, () => {
    const raw = readFileSync(corpusMessage, 'latin1');
    const part = /Content-Type: text\/html[^\n]*\nContent-Transfer-Encoding: quoted-printable\n\n([\s\S]*?)\n--/i.exec(raw.replace(/\r\n/g, '\n'))![1]!;
    const out = html(decodeQuotedPrintable(Buffer.from(part, 'latin1')).toString('latin1'));
    assert.match(out, /data-quote="quote"/, 'the sanitizer kept Gmail\'s mark');
    const { open, folds } = split(out);
    assert.deepEqual(folds, []);
    assert.match(open, /^When sending email: \* From Hotmail you get the ads as well/);
  });
});

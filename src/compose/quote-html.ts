// The HTML a reply, forward or draft starts with when the user writes in rich text and the original has an HTML
// part: the same layout as the plain-text form (room to write, the signature, then the quote), with the original
// run through the reader's own sanitizer (mime/sanitize-html.ts). Remote images stay blocked (their alt text stays,
// no URL), and cid: images are dropped: the quote would otherwise need the parts carried along as attachments, and
// a reply does not carry attachments. The plain text area keeps its text quote for the no-script form.
import type { ComposeSource } from '../mail/writing/originals.ts';
import { formatAddress, formatAddressList } from '../mime/addresses.ts';
import { sanitizeEmailHtml } from '../mime/sanitize-html.ts';
import { ENGLISH_QUOTE_WORDS, type QuoteWords } from './reply.ts';
import { signatureBlock } from './signature.ts';
import type { Signature } from './identity.ts';

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Plain lines as the editor's blocks, one <div> each; public/compose-editor.js (textToHtml) does the same. */
export function linesToHtml(text: string): string {
  return text.split('\n').map((line) => `<div>${line ? escape(line) : '<br>'}</div>`).join('');
}

/** A message's HTML made safe to edit and send again: nothing that runs, nothing remote, no cid: images. */
export function sanitizedQuote(html: string): string {
  return sanitizeEmailHtml(html, { resolveCid: () => undefined }).html.trim();
}

// Two empty blocks to write in, then the signature block with an empty one under it, as withSignature places it.
function opening(signature: Signature | undefined): string {
  const block = signatureBlock(signature).replace(/\n$/, '');
  return linesToHtml(block ? `\n\n${block}\n` : '\n');
}

/** A reply's HTML: the original inside <blockquote type="cite"> under the attribution line; undefined without HTML. */
export function replyHtml(source: ComposeSource, signature: Signature | undefined, words: QuoteWords = ENGLISH_QUOTE_WORDS): string | undefined {
  if (source.html === undefined) return undefined;
  const wrote = words.wrote(source.date, formatAddress(source.from[0]) || undefined);
  return `${opening(signature)}${linesToHtml(wrote)}<blockquote type="cite">${sanitizedQuote(source.html)}</blockquote>`;
}

/** A forward's HTML: the header block, a blank line, then the original; undefined without HTML. */
export function forwardHtml(source: ComposeSource, signature: Signature | undefined, words: QuoteWords = ENGLISH_QUOTE_WORDS): string | undefined {
  if (source.html === undefined) return undefined;
  const label = words.forwarded;
  const header = [
    label.title,
    `${label.from}: ${formatAddressList(source.from)}`,
    `${label.date}: ${words.date(source.date)}`,
    `${label.subject}: ${source.subject}`,
    `${label.to}: ${formatAddressList(source.to)}`,
    ...(source.cc.length ? [`${label.cc}: ${formatAddressList(source.cc)}`] : []),
  ].join('\n');
  return `${opening(signature)}${linesToHtml(`${header}\n`)}<div>${sanitizedQuote(source.html)}</div>`;
}

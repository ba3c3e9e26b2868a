// The HTML a message starts with when the user writes in rich text: the same layout as the plain-text form (room to
// write, the signature, then the quote). A reply or forward of an original with an HTML part quotes it run through
// the reader's own sanitizer (mime/sanitize-html.ts). Remote images stay blocked (their alt text stays, no URL), and
// cid: images are dropped: the quote would otherwise need the parts carried along as attachments, and a reply does
// not carry attachments. The plain text area keeps its text quote for the no-script form.
//
// The signature is one element, <div data-signature>, its first line "-- " (RFC 3676 section 4.3, which the plain
// part keeps) and then the signature as its HTML (a plain one as lines): public/compose-editor.js finds it there to
// swap it when the identity changes, leaving the rest of the text and the quote as they are. The attribute lives
// only in the editor: what is sent or saved goes through the sanitizer, which keeps no data attributes, so a draft
// opened again has the same element without it, which the editor recognises by its "-- " first line.
import type { ComposeSource } from '../mail/writing/originals.ts';
import { formatAddress } from '../mime/addresses.ts';
import { sanitizeEmailHtml } from '../mime/sanitize-html.ts';
import { ENGLISH_QUOTE_WORDS, forwardedHeader, type QuoteWords } from './reply.ts';
import { signaturePlace, signatureText } from './signature.ts';
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

const BLOCK_START = /^<(div|p|table|ul|ol|blockquote|h[1-6]|pre)\b/i;

/** The signature as the editor's block; '' for none. An HTML one was sanitized when it was saved. */
export function signatureHtml(signature: Signature | undefined): string {
  if (!signatureText(signature)) return '';
  const html = signature!.format === 'html' ? signature!.content.trim() : '';
  // Text outside a block would be a line of its own to the editor anyway (Squire wraps it): wrapped here, it is one.
  const inner = !html ? linesToHtml(signatureText(signature)) : BLOCK_START.test(html) ? html : `<div>${html}</div>`;
  return `<div data-signature=""><div>-- </div>${inner}</div>`;
}

// Two empty blocks to write in, then the signature block with an empty one under it, as withSignature places it.
function opening(signature: Signature | undefined): string {
  const block = signatureHtml(signature);
  return `${linesToHtml('\n')}${block && `${block}<div><br></div>`}`;
}

/**
 * A plain body (a new message, a reply to a plain-text original) as the editor's HTML with the signature put in
 * where withSignature puts it; '' without a signature (the editor then starts from the text area).
 */
export function textWithSignatureHtml(body: string, signature: Signature | undefined): string {
  const block = signatureHtml(signature);
  if (!block) return '';
  const at = signaturePlace(body);
  const before = body.slice(0, at).replace(/\n+$/, '');
  const after = body.slice(at).replace(/^\n+/, '');
  return `${linesToHtml(`${before}\n`)}${block}${after ? `<div><br></div>${linesToHtml(after.replace(/\n$/, ''))}` : ''}`;
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
  return `${opening(signature)}${linesToHtml(`${forwardedHeader(source, words)}\n`)}<div>${sanitizedQuote(source.html)}</div>`;
}

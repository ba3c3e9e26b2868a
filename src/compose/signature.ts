// Where an identity's signature goes in a plain-text message, and how it is swapped for another identity's. It goes
// in once, under the user's new text and above the quoted or forwarded original, the way most webmail places it
// (Gmail, Thunderbird's "below my reply"): the cursor starts at the top, and the signature closes what the user
// wrote, not the quote. It starts with "-- " on a line of its own (RFC 3676 section 4.3), so mail programs can tell
// it apart. A plain-text body has no markup to mark the block with, so the block is found again by its exact text:
// changing the identity replaces exactly that text, and when the user has edited it, it is theirs and stays.
// public/compose-signature.js does the same in the browser; keep the two in step.
import { htmlToText } from './html-text.ts';
import type { Signature } from './identity.ts';

export const SEPARATOR = '-- ';

/** The signature as plain text (an HTML one flattened), without trailing blank lines; '' when there is none. */
export function signatureText(signature: Signature | undefined): string {
  if (!signature) return '';
  const text = signature.format === 'html' ? htmlToText(signature.content) : signature.content.replace(/\r\n?/g, '\n');
  return text.replace(/\s+$/, '');
}

/** "-- \n<signature>\n", or '' for none. */
export function signatureBlock(signature: Signature | undefined): string {
  const text = signatureText(signature);
  return text ? `${SEPARATOR}\n${text}\n` : '';
}

// A forward's header block ("---------- Forwarded message ----------", in the writer's language).
const FORWARD_TITLE = /^-{5,} .+ -{5,}$/;

/**
 * Where a signature goes in `body`: before the quoted original (the "On ... wrote:" line above the first "> " line)
 * or the forwarded message, else at the end.
 */
export function signaturePlace(body: string): number {
  const lines = body.split('\n');
  let offset = 0;
  for (const [i, line] of lines.entries()) {
    if (FORWARD_TITLE.test(line)) return offset;
    if (line.startsWith('>')) {
      const previous = lines[i - 1];
      return previous !== undefined && previous.trimEnd().endsWith(':') ? offset - previous.length - 1 : offset;
    }
    offset += line.length + 1;
  }
  return body.length;
}

/** `body` with `block` at its place: a blank line above it (room to write), one below it before a quote. */
function insertBlock(body: string, block: string): string {
  const at = signaturePlace(body);
  const before = body.slice(0, at).replace(/\n+$/, '');
  const after = body.slice(at).replace(/^\n+/, '');
  return `${before}\n\n${block}${after ? `\n${after}` : ''}`;
}

/** The body a new message, reply or forward starts with, the identity's signature put in. */
export function withSignature(body: string, signature: Signature | undefined): string {
  const block = signatureBlock(signature);
  return block ? insertBlock(body, block) : body;
}

/** Where the exact block starts in `body` (at the start of a line), or -1. */
function findBlock(body: string, block: string): number {
  if (body.startsWith(block)) return 0;
  const at = body.indexOf(`\n${block}`);
  return at === -1 ? -1 : at + 1;
}

/**
 * The body after changing from an identity signed `from` to one signed `to`: the block of `from` replaced by the
 * block of `to` (or removed, with the blank line it brought), or `to` put in where `from` had none. A block the
 * user changed is left alone, and nothing is added beside it.
 */
export function swapSignature(body: string, from: Signature | undefined, to: Signature | undefined): string {
  const oldBlock = signatureBlock(from);
  const newBlock = signatureBlock(to);
  if (oldBlock === newBlock) return body;
  if (!oldBlock) return newBlock ? insertBlock(body, newBlock) : body;
  const at = findBlock(body, oldBlock);
  if (at === -1) return body;
  const rest = body.slice(at + oldBlock.length);
  if (newBlock) return body.slice(0, at) + newBlock + rest;
  // Removing undoes insertBlock: the text above and the quote below keep one blank line between them.
  const before = body.slice(0, at).replace(/\n+$/, '');
  const after = rest.replace(/^\n+/, '');
  return after ? `${before}\n\n${after}` : before && `${before}\n`;
}

// The text a message shows, from the body sections of one FETCH: transfer encoding undone (mime/transfer-encoding.ts)
// and the declared charset decoded with the WHATWG decoders (mime/charset.ts), the ones browsers use for mail's
// labels. format=flowed is left to the presenter, which unwraps it with the quote depth kept.
import type { FetchMessageObject } from 'imapflow';
import { findPart, type BodyNode, type BodyPlan, type DisplayPart } from '../../mime/body-structure.ts';
import { decodeCharset } from '../../mime/charset.ts';
import { decodeTransfer } from '../../mime/transfer-encoding.ts';
import { MAX_DISPLAY_BYTES } from './message-fetch.ts';

export interface DisplayContent {
  display: DisplayPart;
  /** the decoded text (UTF-8) of an html/text part; empty for embedded-message headers */
  content: string;
  truncated: boolean;
}

export interface MessageBody {
  plan: BodyPlan;
  parts: DisplayContent[];
}

/** The body sections the plan shows (embedded messages show headers from BODYSTRUCTURE, no section). */
export function textSections(plan: BodyPlan): string[] {
  return plan.display.flatMap((d) => (d.kind === 'embedded-message' ? [] : [d.part]));
}

/** Whether the row holds every section the plan shows. */
export function hasSections(row: FetchMessageObject | undefined, plan: BodyPlan): boolean {
  return textSections(plan).every((s) => row?.bodyParts?.has(s.toLowerCase()));
}

export function bodyFrom(plan: BodyPlan, root: BodyNode, row: FetchMessageObject | undefined): MessageBody {
  const parts = plan.display.map((display): DisplayContent => {
    if (display.kind === 'embedded-message') return { display, content: '', truncated: false };
    const raw = row?.bodyParts?.get(display.part.toLowerCase()) ?? Buffer.alloc(0);
    const bytes = decodeTransfer(raw, findPart(root, display.part)?.encoding);
    return { display, content: decodeCharset(bytes, display.charset), truncated: display.size > MAX_DISPLAY_BYTES };
  });
  return { plan, parts };
}

/**
 * Rough heap bytes of a kept body. V8 keeps a string of Latin-1 characters at one byte each, others at two. An HTML
 * or enriched part counts twice: its sanitized copy hangs off the body while it is kept
 * (http/presenters/sanitized-body.ts), and is at most about as long as the text it came from. Every part counts
 * half as much again, and the body 2 KB more, for the page's inline document (http/presenters/inline-body.ts: the
 * text as HTML, its links and entities added, under a 2 KB head).
 */
export function bodyBytes(body: MessageBody): number {
  return body.parts.reduce((n, { display, content }) => {
    const bytes = 200 + content.length * (/[^\u0000-\u00ff]/.test(content) ? 2 : 1);
    return n + (display.kind === 'html' || display.kind === 'enriched' ? 2 * bytes : bytes) + 1.5 * bytes;
  }, 2500);
}

// The BODYSTRUCTURE tree as the IMAP layer hands it over (imapflow's MessageStructureObject fits it structurally),
// declared here so that mime/ never imports imapflow, plus the IMAP part numbering of RFC 3501 §6.4.5.
import type { AddressLike } from './addresses.ts';
import { mediaType } from './format.ts';

export interface BodyEnvelope {
  date?: Date | string | undefined;
  subject?: string | undefined;
  from?: AddressLike[] | undefined;
  to?: AddressLike[] | undefined;
  cc?: AddressLike[] | undefined;
}

export interface BodyNode {
  part?: string | undefined;
  type: string;
  parameters?: Record<string, string> | undefined;
  id?: string | undefined;
  encoding?: string | undefined;
  size?: number | undefined;
  disposition?: string | undefined;
  dispositionParameters?: Record<string, string> | undefined;
  childNodes?: BodyNode[] | undefined;
  envelope?: BodyEnvelope | undefined;
  description?: string | undefined;
}

// Past this a structure is hostile, not mail: real messages nest a handful of levels. findPart accepts one more
// segment than planBody can produce (an encapsulated single-part body adds ".1"), and a margin.
export const MAX_DEPTH = 32;
export const MAX_PART_SEGMENTS = MAX_DEPTH + 2;

/** Lower-cased media type (servers differ; imapflow lower-cases, a hand-built tree may not). */
export function typeOf(node: BodyNode): string {
  return mediaType(node.type);
}

export function isMultipart(node: BodyNode): boolean {
  return typeOf(node).startsWith('multipart/') && Array.isArray(node.childNodes);
}

/** message/rfc822 (and RFC 6532 message/global) whose own structure the server described. */
export function embeddedBody(node: BodyNode): BodyNode | undefined {
  const type = typeOf(node);
  if (type !== 'message/rfc822' && type !== 'message/global') return undefined;
  const body = Array.isArray(node.childNodes) ? node.childNodes[0] : undefined;
  return body && typeof body === 'object' ? body : undefined;
}

export function childNumber(prefix: string, index: number): string {
  return prefix === '' ? String(index + 1) : `${prefix}.${index + 1}`;
}

/**
 * The number a message body (the root, or the body inside a message/rfc822 numbered `prefix`) answers to.
 * A multipart body has no number of its own: its children are prefix.1, prefix.2. A single-part body is
 * prefix.1 ("1" at the root). imapflow leaves `part` unset at the root and gives a single-part body inside
 * message/rfc822 its wrapper's number, but BODY[2] of a message/rfc822 part is the whole encapsulated message
 * with its headers; its text is BODY[2.1]. So numbers are computed from the tree shape, never read from `part`.
 */
export function bodyNumber(body: BodyNode, prefix: string): string {
  return isMultipart(body) ? prefix : childNumber(prefix, 0);
}

// The numbered children one level down: a multipart's parts; a single-part message body is its own part 1;
// an encapsulated message's children are those of its body.
function numberedChildren(node: BodyNode, isMessageBody: boolean): BodyNode[] {
  if (isMultipart(node)) return node.childNodes ?? [];
  if (isMessageBody) return [node];
  const body = embeddedBody(node);
  return body ? numberedChildren(body, true) : [];
}

/** The node an IMAP section number ("1", "2.1.3") names, or undefined when it names nothing. */
export function findPart(root: BodyNode, part: string): BodyNode | undefined {
  if (!root || typeof part !== 'string' || !/^[1-9]\d{0,5}(\.[1-9]\d{0,5})*$/.test(part)) return undefined;
  const segments = part.split('.').map(Number);
  if (segments.length > MAX_PART_SEGMENTS) return undefined;
  let siblings = numberedChildren(root, true);
  let node: BodyNode | undefined;
  for (const [i, segment] of segments.entries()) {
    node = siblings[segment - 1];
    if (!node || typeof node !== 'object') return undefined;
    if (i < segments.length - 1) siblings = numberedChildren(node, false);
  }
  return node;
}

// What to show and what to offer for download, decided from BODYSTRUCTURE alone so that opening a message
// fetches only the parts it displays (DESIGN.md, performance model).
import { formatAddressList } from './addresses.ts';
import {
  type BodyNode, MAX_DEPTH, bodyNumber, childNumber, embeddedBody, findPart, isMultipart, typeOf,
} from './body-node.ts';
import {
  type AttachmentInfo, attachmentInfo, cleanHeader, declaredName, decodedSize, disposition, messageSubject,
} from './attachment-info.ts';
import { contentIdKey } from './content-id.ts';
import { isSafeInlineImage } from './format.ts';
import { decodeParameter } from './mime-words.ts';

export type { AttachmentInfo } from './attachment-info.ts';
export type { BodyEnvelope, BodyNode } from './body-node.ts';
export { findPart };
export { disposition as partDisposition } from './attachment-info.ts';

export type DisplayPart =
  | { kind: 'html' | 'text'; part: string; charset?: string; size: number; flowed?: boolean; delSp?: boolean }
  | { kind: 'embedded-message'; part: string; subject?: string; from?: string; date?: string };


export interface BodyPlan {
  display: DisplayPart[];
  attachments: AttachmentInfo[];
  /** Content-ID (no angle brackets, lower-cased, see content-id.ts) -> part number; first part wins on duplicates */
  inlineImages: Map<string, string>;
}

// Bounds for hostile structures. Every displayed part costs the body route one FETCH, so past MAX_DISPLAY
// further text parts are only listed; past MAX_PARTS nodes the rest of the tree is ignored.
const MAX_PARTS = 5000;
const MAX_DISPLAY = 100;

interface Budget { visited: number; displayed: number }
interface Acc extends BodyPlan { budget: Budget }

const newAcc = (budget: Budget): Acc => ({ display: [], attachments: [], inlineImages: new Map(), budget });

export function planBody(root: BodyNode): BodyPlan {
  const acc = newAcc({ visited: 0, displayed: 0 });
  if (root && typeof root === 'object') plan(root, bodyNumber(root, ''), 0, acc);
  return { display: acc.display, attachments: acc.attachments, inlineImages: acc.inlineImages };
}

/**
 * Download facts (safe file name, media type, size) for any single part, listed or not: the part route needs
 * them for a cid image that the plan keeps out of the attachment list too. Undefined for multiparts and misses.
 */
export function describePart(root: BodyNode, part: string): AttachmentInfo | undefined {
  const node = findPart(root, part);
  return node && !isMultipart(node) ? attachmentInfo(node, part) : undefined;
}

function enter(node: BodyNode | undefined, depth: number, acc: Acc): node is BodyNode {
  return !!node && typeof node === 'object' && depth <= MAX_DEPTH && ++acc.budget.visited <= MAX_PARTS;
}

function eachChild(node: BodyNode, number: string, acc: Acc, fn: (child: BodyNode, n: string, i: number) => void) {
  const children = node.childNodes ?? [];
  for (let i = 0; i < children.length && acc.budget.visited < MAX_PARTS; i++) {
    const child = children[i];
    if (child && typeof child === 'object') fn(child, childNumber(number, i), i);
  }
}

function plan(node: BodyNode | undefined, number: string, depth: number, acc: Acc): void {
  if (!enter(node, depth, acc)) return;
  const body = embeddedBody(node);
  if (isMultipart(node)) planMultipart(node, number, depth, acc);
  else if (body) planMessage(node, body, number, depth, acc);
  else planLeaf(node, number, acc);
}

function planMultipart(node: BodyNode, number: string, depth: number, acc: Acc): void {
  switch (typeOf(node)) {
    case 'multipart/alternative':
      return planAlternative(node, number, depth, acc);
    case 'multipart/related':
      return planRelated(node, number, depth, acc);
    // RFC 1847 §2.1: the signed content, then the signature. RFC 6522 §3: the human-readable part, then the
    // machine-readable status and the returned message, which are offered but not rendered.
    case 'multipart/signed':
    case 'multipart/report':
      return eachChild(node, number, acc, (c, n, i) => (i === 0 ? plan(c, n, depth + 1, acc) : collect(c, n, depth + 1, acc)));
    // mixed, digest, parallel, encrypted and unknown subtypes: RFC 2046 §5.1.7 says treat them as mixed.
    default:
      return eachChild(node, number, acc, (c, n) => plan(c, n, depth + 1, acc));
  }
}

const rank = (sub: Acc) =>
  sub.display.some((d) => d.kind === 'html') ? 2 : sub.display.length > 0 ? 1 : 0;

// RFC 2046 §5.1.4: alternatives come in increasing faithfulness, so the last one we can render wins, and
// one that renders HTML beats one that renders only text.
function planAlternative(node: BodyNode, number: string, depth: number, acc: Acc): void {
  const subs: { node: BodyNode; sub: Acc }[] = [];
  let best = -1;
  let bestRank = 0;
  eachChild(node, number, acc, (child, n) => {
    const sub = newAcc(acc.budget);
    plan(child, n, depth + 1, sub);
    const r = rank(sub);
    if (r > 0 && r >= bestRank) [best, bestRank] = [subs.length, r];
    subs.push({ node: child, sub });
  });
  subs.forEach(({ node: child, sub }, i) => {
    for (const [cid, part] of sub.inlineImages) addCid(acc, cid, part);
    if (i === best) {
      acc.display.push(...sub.display);
      acc.attachments.push(...sub.attachments);
    } else if (rank(sub) === 0 && (best < 0 || worthListing(child))) {
      // An invitation (text/calendar next to text/html) is not another rendering of the text: offer it.
      // Other unrendered alternatives (text/x-amp-html, text/watch-html, text/enriched) would be noise,
      // unless none of the alternatives renders: then they are all the reader can get.
      acc.attachments.push(...sub.attachments);
    }
  });
}

function worthListing(node: BodyNode): boolean {
  if (isMultipart(node) || embeddedBody(node)) return true;
  const type = typeOf(node);
  return type === 'text/calendar' || type === 'application/ics' || disposition(node) === 'attachment'
    || declaredName(node) !== undefined;
}

// RFC 2387 §3.1: the root is the part named by the start parameter, else the first. The other parts are
// resources of the root; images among them are shown through cid: references, not listed.
function planRelated(node: BodyNode, number: string, depth: number, acc: Acc): void {
  const children = node.childNodes ?? [];
  const start = contentIdKey(decodeParameter(node.parameters, 'start'));
  const rootIndex = Math.max(0, start ? children.findIndex((c) => contentIdKey(c?.id) === start) : 0);
  eachChild(node, number, acc, (child, n, i) => {
    if (i === rootIndex) return plan(child, n, depth + 1, acc);
    const cid = contentIdKey(child.id);
    // Only raster types the page may show inline are hidden from the list; a related TIFF or SVG stays downloadable.
    if (cid && !isMultipart(child) && !embeddedBody(child) && isSafeInlineImage(typeOf(child))) {
      if (enter(child, depth + 1, acc)) addCid(acc, cid, n);
      return;
    }
    collect(child, n, depth + 1, acc);
  });
}

function planMessage(node: BodyNode, body: BodyNode, number: string, depth: number, acc: Acc): void {
  acc.attachments.push(attachmentInfo(node, number));
  if (acc.budget.displayed++ < MAX_DISPLAY) {
    const envelope = node.envelope && typeof node.envelope === 'object' ? node.envelope : {};
    const header: DisplayPart = { kind: 'embedded-message', part: number };
    const subject = messageSubject(node);
    const from = cleanHeader(formatAddressList(envelope.from));
    const date = envelope.date instanceof Date ? isoDate(envelope.date) : cleanHeader(envelope.date);
    if (subject) header.subject = subject;
    if (from) header.from = from;
    if (date) header.date = date;
    acc.display.push(header);
  }
  plan(body, bodyNumber(body, number), depth + 1, acc);
}

function planLeaf(node: BodyNode, number: string, acc: Acc): void {
  addCid(acc, contentIdKey(node.id), number);
  const type = typeOf(node);
  const kind = type === 'text/html' ? 'html' : type === 'text/plain' ? 'text' : undefined;
  // RFC 2183: a text part the sender named or marked as attachment is a file, not the message text.
  if (!kind || disposition(node) === 'attachment' || declaredName(node) !== undefined
    || acc.budget.displayed++ >= MAX_DISPLAY) {
    acc.attachments.push(attachmentInfo(node, number));
    return;
  }
  const part: DisplayPart = { kind, part: number, size: decodedSize(node) };
  const charset = decodeParameter(node.parameters, 'charset')?.trim().toLowerCase();
  if (charset && /^[a-z0-9._:+-]{1,40}$/.test(charset)) part.charset = charset;
  // RFC 3676 §4.1-4.2: format=flowed and delsp=yes change how the text is unwrapped.
  if (kind === 'text' && decodeParameter(node.parameters, 'format')?.trim().toLowerCase() === 'flowed') {
    part.flowed = true;
    if (decodeParameter(node.parameters, 'delsp')?.trim().toLowerCase() === 'yes') part.delSp = true;
  }
  acc.display.push(part);
}

// Everything under `node` offered as downloads, nothing rendered (signatures, report payloads, related leftovers).
function collect(node: BodyNode | undefined, number: string, depth: number, acc: Acc): void {
  if (!enter(node, depth, acc)) return;
  if (isMultipart(node)) return eachChild(node, number, acc, (c, n) => collect(c, n, depth + 1, acc));
  addCid(acc, contentIdKey(node.id), number);
  acc.attachments.push(attachmentInfo(node, number));
}

function addCid(acc: Acc, cid: string | undefined, part: string): void {
  if (cid && !acc.inlineImages.has(cid)) acc.inlineImages.set(cid, part);
}

const isoDate = (date: Date) => (Number.isNaN(date.getTime()) ? undefined : date.toISOString());

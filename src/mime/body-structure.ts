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

/**
 * html: sanitized; text: linkified, format=flowed aware; enriched: RFC 1896, converted then sanitized;
 * preformatted: the human-readable parts of a report (delivery status, returned headers), shown as they are.
 */
export type DisplayPart =
  | { kind: 'html' | 'text' | 'enriched' | 'preformatted'; part: string; charset?: string; size: number; flowed?: boolean; delSp?: boolean }
  | { kind: 'embedded-message'; part: string; subject?: string; from?: string; date?: string };

const TEXT_KINDS: Record<string, 'html' | 'text' | 'enriched'> = { 'text/html': 'html', 'text/plain': 'text', 'text/enriched': 'enriched' };

// RFC 3464 delivery status, RFC 8098 disposition notification, RFC 6522 returned headers, and their RFC 6533
// UTF-8 forms: text people read in a bounce, shown the way Roundcube and Thunderbird show them.
const REPORT_TYPES = new Set([
  'message/delivery-status', 'message/global-delivery-status', 'message/disposition-notification',
  'message/global-disposition-notification', 'text/rfc822-headers', 'message/global-headers',
]);


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
    // RFC 1847 §2.1: the signed content, then the signature, offered but not rendered.
    case 'multipart/signed':
      return eachChild(node, number, acc, (c, n, i) => (i === 0 ? plan(c, n, depth + 1, acc) : collect(c, n, depth + 1, acc)));
    // RFC 6522 §3: the human-readable part, then the status (shown, and offered) and the returned message or
    // headers; a returned whole message is offered, not rendered: it is the mail that failed, not news.
    case 'multipart/report':
      return eachChild(node, number, acc, (c, n, i) =>
        (i === 0 || REPORT_TYPES.has(typeOf(c)) ? plan(c, n, depth + 1, acc) : collect(c, n, depth + 1, acc)));
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
      // Other unrendered alternatives (text/x-amp-html, text/watch-html) would be noise,
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
  const kind = TEXT_KINDS[type] ?? (REPORT_TYPES.has(type) ? 'preformatted' : undefined);
  // RFC 2183 §2.1-2.2: an attachment is a file, and so is a named text part the sender did not say to show; one
  // marked inline is shown where it stands (a list footer, the HTML after the text), and listed when named.
  // Report parts are listed as well: the status is what a postmaster asks for.
  const shown = !!kind && disposition(node) !== 'attachment'
    && (declaredName(node) === undefined || disposition(node) === 'inline' || kind === 'preformatted');
  if (!shown || acc.budget.displayed++ >= MAX_DISPLAY) {
    acc.attachments.push(attachmentInfo(node, number));
    return;
  }
  if (kind === 'preformatted' || declaredName(node) !== undefined) acc.attachments.push(attachmentInfo(node, number));
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

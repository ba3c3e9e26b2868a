// Pure shaping of FETCH results into the view models templates see (STYLE.md 5): templates never get imapflow objects.
import type { FetchMessageObject, MessageAddressObject } from 'imapflow';

export interface Address {
  name: string;
  address: string;
}

export interface MessageSummary {
  uid: number;
  from: Address[];
  to: Address[];
  subject: string;
  date: Date | undefined;
  size: number;
  seen: boolean;
  flagged: boolean;
  answered: boolean;
  draft: boolean;
  hasAttachment: boolean;
}

/** The header fields every view of one message shows, from its ENVELOPE (dates fall back to INTERNALDATE). */
export interface MessageHeaders {
  subject: string;
  from: Address[];
  to: Address[];
  cc: Address[];
  replyTo: Address[];
  date: Date | undefined;
}

export function toMessageHeaders(msg: FetchMessageObject): MessageHeaders {
  const env = msg.envelope ?? {};
  return {
    subject: env.subject ?? '',
    from: toAddresses(env.from),
    to: toAddresses(env.to),
    cc: toAddresses(env.cc),
    replyTo: toAddresses(env.replyTo),
    date: toDate(env.date) ?? toDate(msg.internalDate),
  };
}

export function toAddresses(list: MessageAddressObject[] | undefined): Address[] {
  return (list ?? [])
    .filter((a) => a.address || a.name)
    .map((a) => ({ name: a.name ?? '', address: a.address ?? '' }));
}

export function toDate(value: Date | string | undefined): Date | undefined {
  if (!value) return undefined;
  const d = value instanceof Date ? value : new Date(value);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

function hasFlag(flags: Set<string> | undefined, flag: string): boolean {
  return !!flags && [...flags].some((f) => f.toLowerCase() === flag.toLowerCase());
}

// The list page fetches only the Content-Type header, not BODYSTRUCTURE: a mixed (or signed/encrypted-mixed)
// top level is what Roundcube and most clients take as "has attachments", at a fraction of the bytes.
export function looksLikeAttachment(contentType: string): boolean {
  const type = contentType.toLowerCase();
  return type.startsWith('multipart/mixed') || type.startsWith('multipart/report') || type.startsWith('application/');
}

export function toMessageSummary(msg: FetchMessageObject): MessageSummary {
  const env = msg.envelope ?? {};
  const contentType = /^content-type:\s*([^;\r\n]*)/im.exec(msg.headers?.toString('latin1') ?? '')?.[1] ?? '';
  return {
    uid: msg.uid,
    from: toAddresses(env.from),
    to: toAddresses(env.to),
    subject: env.subject ?? '',
    date: toDate(env.date) ?? toDate(msg.internalDate),
    size: msg.size ?? 0,
    seen: hasFlag(msg.flags, '\\Seen'),
    flagged: hasFlag(msg.flags, '\\Flagged'),
    answered: hasFlag(msg.flags, '\\Answered'),
    draft: hasFlag(msg.flags, '\\Draft'),
    hasAttachment: looksLikeAttachment(contentType),
  };
}

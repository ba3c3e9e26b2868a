// One message as the cache keeps it. Everything but the flags is fixed for a (mailbox, UIDVALIDITY, UID): the
// envelope, size, date and top-level type never change (RFC 3501 section 2.3.1.1), so only the flags are ever
// updated, from FETCH responses and IDLE. `flagsEpoch` says under which view epoch the flags were last confirmed.
import type { FetchMessageObject } from 'imapflow';
import { looksLikeAttachment, toMessageHeaders, type MessageHeaders, type MessageSummary } from '../reading/message-summary.ts';

export interface CachedMessage {
  uid: number;
  headers: MessageHeaders;
  messageId: string | undefined;
  size: number;
  /** top-level media type from the Content-Type header, lower-cased ('' when absent: text/plain) */
  contentType: string;
  flags: readonly string[];
  flagsEpoch: number;
  /** rough heap bytes, for the budget */
  bytes: number;
}

/** The FETCH items a list row needs; every page, the catch-up after new mail and the 'added' event use them. */
export const SUMMARY_QUERY = { uid: true, flags: true, envelope: true, size: true, internalDate: true, headers: ['content-type'] };

/** A row carries a summary when it answered SUMMARY_QUERY (a flag change the server slipped in does not). */
export function hasSummary(row: FetchMessageObject): boolean {
  return !!row.envelope && row.size !== undefined && row.headers !== undefined && !!row.uid;
}

export function toCachedMessage(row: FetchMessageObject, flagsEpoch: number): CachedMessage {
  const headers = toMessageHeaders(row);
  const contentType = (/^content-type:\s*([^;\r\n]*)/im.exec(row.headers?.toString('latin1') ?? '')?.[1] ?? '').trim().toLowerCase();
  const messageId = row.envelope?.messageId;
  const flags = [...(row.flags ?? [])];
  return { uid: row.uid, headers, messageId, size: row.size ?? 0, contentType, flags, flagsEpoch, bytes: estimate(headers, messageId, contentType, flags) };
}

export function hasFlag(flags: readonly string[], flag: string): boolean {
  const wanted = flag.toLowerCase();
  return flags.some((f) => f.toLowerCase() === wanted);
}

export function sameFlags(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((f) => hasFlag(b, f));
}

export function summaryOf(entry: CachedMessage): MessageSummary {
  const { headers, flags } = entry;
  return {
    uid: entry.uid,
    from: headers.from,
    to: headers.to,
    subject: headers.subject,
    date: headers.date,
    size: entry.size,
    seen: hasFlag(flags, '\\Seen'),
    flagged: hasFlag(flags, '\\Flagged'),
    answered: hasFlag(flags, '\\Answered'),
    draft: hasFlag(flags, '\\Draft'),
    hasAttachment: looksLikeAttachment(entry.contentType),
  };
}

// V8 strings cost about their length (one byte per Latin-1 character, two otherwise) plus a header; objects and
// arrays a few dozen bytes each. An estimate is enough: the budget bounds memory, it does not account for it.
function estimate(headers: MessageHeaders, messageId: string | undefined, contentType: string, flags: readonly string[]): number {
  const text = (s: string | undefined) => (s ? 24 + s.length * 2 : 0);
  const addresses = [headers.from, headers.to, headers.cc, headers.replyTo]
    .reduce((sum, list) => sum + 32 + list.reduce((n, a) => n + 48 + text(a.name) + text(a.address), 0), 0);
  return 240 + text(headers.subject) + addresses + text(messageId) + text(contentType) + flags.reduce((n, f) => n + text(f), 32);
}

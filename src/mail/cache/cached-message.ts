// One message as the cache keeps it. Everything but the flags is fixed for a (mailbox, UIDVALIDITY, UID): the
// envelope, size, date and top-level type never change (RFC 3501 section 2.3.1.1), so only the flags are ever
// updated, from FETCH responses and IDLE. `flagsEpoch` says under which view epoch the flags were last confirmed.
// An idle session keeps a page of these (issue 9: memory per session), so they are kept small: flat fields, the
// date as a number, one shared empty address list, Reply-To sharing From when the same (Dovecot fills an absent
// Reply-To from From, RFC 3501 section 7.4.2), and strings copied out of imapflow's response line.
import type { FetchMessageObject } from 'imapflow';
import { keywordsOf, looksLikeAttachment, toMessageHeaders, type Address, type MessageHeaders, type MessageSummary } from '../reading/message-summary.ts';

export interface CachedMessage {
  uid: number;
  subject: string;
  from: Address[];
  to: Address[];
  cc: Address[];
  replyTo: Address[];
  /** the Date header (else INTERNALDATE) in ms since 1970: a Date object costs several times a number */
  date: number | undefined;
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
  const from = addresses(headers.from);
  const entry: CachedMessage = {
    uid: row.uid,
    subject: detached(headers.subject),
    from,
    to: addresses(headers.to),
    cc: addresses(headers.cc),
    replyTo: sameAddresses(headers.replyTo, from) ? from : addresses(headers.replyTo),
    date: headers.date?.getTime(),
    messageId: row.envelope?.messageId === undefined ? undefined : detached(row.envelope.messageId),
    size: row.size ?? 0,
    contentType: detached(contentType),
    flags: flagsOf(row.flags ?? []),
    flagsEpoch,
    bytes: 0,
  };
  entry.bytes = estimate(entry);
  return entry;
}

/** The headers of the message view (open-message.ts, compose's original): the shape MessageHeaders has. */
export function headersOf(entry: CachedMessage): MessageHeaders {
  const { subject, from, to, cc, replyTo, date } = entry;
  return { subject, from, to, cc, replyTo, date: date === undefined ? undefined : new Date(date) };
}

/** The flags as the cache keeps them: the common sets (system flags only) shared, others a copy. */
export function flagsOf(flags: Iterable<string>): readonly string[] {
  const list = [...flags];
  if (!list.every((f) => f.startsWith('\\'))) return list.map(detached);
  const key = list.join(' ');
  let shared = SYSTEM_FLAG_SETS.get(key);
  // Bounded: only sequences of the few system flags (RFC 3501 section 2.3.2) come here, and a server sending
  // unknown ones cannot grow it past the cap.
  if (!shared && SYSTEM_FLAG_SETS.size < 512) SYSTEM_FLAG_SETS.set(key, (shared = Object.freeze(list.map(detached))));
  return shared ?? list;
}

const SYSTEM_FLAG_SETS = new Map<string, readonly string[]>();
const NO_ADDRESSES: Address[] = Object.freeze([]) as unknown as Address[];

function addresses(list: Address[]): Address[] {
  return list.length ? list.map((a) => ({ name: detached(a.name), address: detached(a.address) })) : NO_ADDRESSES;
}

function sameAddresses(a: Address[], b: Address[]): boolean {
  return a.length === b.length && a.every((x, i) => x.name === b[i]!.name && x.address === b[i]!.address);
}

/**
 * A copy of `s` that holds nothing else. imapflow's parser hands out slices of the whole response line (V8 keeps
 * a slice of 13 characters or more as a pointer into its parent), so a cached subject or Message-ID would keep the
 * row's entire FETCH line alive: about 480 bytes a row on the bench mailbox, more with long recipient lists, half
 * the heap of an idle session. Strings built by concatenation (decoded words) are flattened by the same copy.
 */
function detached(s: string): string {
  // JSON makes a new flat string with exactly the same code units (lone surrogates too, escaped and back), in
  // about 0.5 µs; structuredClone hands a string back as it is.
  return s.length < 13 ? s : (JSON.parse(JSON.stringify(s)) as string);
}

export function hasFlag(flags: readonly string[], flag: string): boolean {
  const wanted = flag.toLowerCase();
  return flags.some((f) => f.toLowerCase() === wanted);
}

export function sameFlags(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((f) => hasFlag(b, f));
}

export function summaryOf(entry: CachedMessage): MessageSummary {
  const { flags } = entry;
  return {
    uid: entry.uid,
    from: entry.from,
    to: entry.to,
    subject: entry.subject,
    date: entry.date === undefined ? undefined : new Date(entry.date),
    size: entry.size,
    seen: hasFlag(flags, '\\Seen'),
    flagged: hasFlag(flags, '\\Flagged'),
    answered: hasFlag(flags, '\\Answered'),
    draft: hasFlag(flags, '\\Draft'),
    hasAttachment: looksLikeAttachment(entry.contentType),
    keywords: keywordsOf(flags),
  };
}

// V8 strings cost about their length (one byte per Latin-1 character, two otherwise) plus a header; objects and
// arrays a few dozen bytes each. An estimate is enough: the budget bounds memory, it does not account for it.
function estimate(entry: CachedMessage): number {
  const text = (s: string | undefined) => (s ? 24 + s.length * 2 : 0);
  const list = (l: Address[]) => (l === NO_ADDRESSES ? 0 : 32 + l.reduce((n, a) => n + 48 + text(a.name) + text(a.address), 0));
  const addressBytes = list(entry.from) + list(entry.to) + list(entry.cc) + (entry.replyTo === entry.from ? 0 : list(entry.replyTo));
  const flagBytes = Object.isFrozen(entry.flags) ? 0 : entry.flags.reduce((n, f) => n + text(f), 32);
  return 120 + text(entry.subject) + addressBytes + text(entry.messageId) + text(entry.contentType) + flagBytes;
}

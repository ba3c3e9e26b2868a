// Sorting by date, sender, subject or size. The server sorts when it advertises SORT (RFC 5256), which Dovecot,
// Cyrus and Courier do; otherwise (Gmail, some appliances) Postern sorts with the same rules, fetching only
// the sort key of the matched messages, and gives the order Dovecot's SORT gives on the same mail (a test
// runs both on one mailbox).
import type { FetchMessageObject } from 'imapflow';
import type { ImapClient } from '../connection/mail-session.ts';
import { atom, compileQuery, esearchAll, expandSet, matchLimit, numbersOf, runCommand, searchUids, type MessageQuery } from './search.ts';
import { toUidSets } from './uid-set.ts';

export type SortKey = 'date' | 'from' | 'subject' | 'size';

export interface SortOrder {
  key: SortKey;
  reverse: boolean;
}

export const SORT_KEYS: Record<SortKey, string> = { date: 'DATE', from: 'FROM', subject: 'SUBJECT', size: 'SIZE' };

/** Dates and sizes read newest and largest first, names from A; a mailbox with no sort chosen is newest first. */
export function sortOrder(key: SortKey = 'date', order?: 'asc' | 'desc'): SortOrder {
  return { key, reverse: order ? order === 'desc' : key === 'date' || key === 'size' };
}

/** UIDs of the messages matching `q`, in `order`. */
export async function sortedUids(client: ImapClient, q: MessageQuery, order: SortOrder): Promise<number[]> {
  return client.capabilities.has('SORT') ? sortOnServer(client, q, order) : sortInPostern(client, q, order);
}

/** UID SORT; with ESORT (RFC 5267) as RETURN (ALL), so the answer is one token with ranges where UIDs run. */
export async function sortOnServer(client: ImapClient, q: MessageQuery, order: SortOrder): Promise<number[]> {
  const { keys } = compileQuery(client, q);
  const esort = client.capabilities.has('ESORT');
  const criteria = [...(order.reverse ? [atom('REVERSE')] : []), atom(SORT_KEYS[order.key])];
  let uids: number[] = [];
  // SORT always names the charset of its search keys; UTF-8 is the one every SORT server must support.
  await runCommand(client, 'UID SORT', [...(esort ? [atom('RETURN'), [atom('ALL')]] : []), criteria, atom('UTF-8'), ...keys], {
    SORT: async (response) => {
      uids = uids.concat(response.numbers ?? numbersOf(response.attributes));
    },
    ESEARCH: async (response) => {
      uids = expandSet(esearchAll(response), matchLimit(client));
    },
  });
  return uids;
}

/** UID SEARCH, then a FETCH of only the sort key of each match, sorted here by RFC 5256's rules. */
export async function sortInPostern(client: ImapClient, q: MessageQuery, order: SortOrder): Promise<number[]> {
  const uids = await searchUids(client, q);
  if (!uids.length) return [];
  const query = order.key === 'size' ? { uid: true, size: true } : { uid: true, envelope: true, internalDate: true };
  const entries: { uid: number; key: number | Buffer }[] = [];
  // Scattered matches make a long set; servers refuse long command lines (Dovecot at 64 KiB), so it goes in parts.
  for (const set of toUidSets(uids)) {
    for await (const msg of client.fetch(set, query, { uid: true })) entries.push({ uid: msg.uid, key: sortKey(msg, order.key) });
  }
  // RFC 5256: messages that tie stay in mailbox order, also under REVERSE (Dovecot does the same).
  entries.sort((a, b) => {
    const by = typeof a.key === 'number' ? a.key - (b.key as number) : Buffer.compare(a.key, b.key as Buffer);
    return (order.reverse ? -by : by) || a.uid - b.uid;
  });
  return entries.map((e) => e.uid);
}

function sortKey(msg: FetchMessageObject, key: SortKey): number | Buffer {
  const env = msg.envelope ?? {};
  switch (key) {
    case 'size':
      return msg.size ?? 0;
    case 'date': {
      // The Date header; the internal date when it is missing or unparseable (imapflow then leaves the text).
      // Dovecot reads a header date of 0 (the epoch) as "no date" too.
      const sent = env.date instanceof Date ? env.date.getTime() : NaN;
      return Number.isFinite(sent) && sent !== 0 ? sent : toTime(msg.internalDate);
    }
    case 'from':
      return Buffer.from(casemap(localPart(env.from?.[0])));
    case 'subject':
      return Buffer.from(baseSubject(casemap(env.subject ?? '')));
  }
}

function toTime(value: Date | string | undefined): number {
  const t = value ? new Date(value).getTime() : NaN;
  return Number.isFinite(t) ? t : 0;
}

/** RFC 5256 FROM sorts by the addr-mailbox (local part) of the first address; a group sorts by its name. */
function localPart(address: { name?: string; address?: string } | undefined): string {
  if (!address) return '';
  if (!address.address) return address.name ?? '';
  const at = address.address.lastIndexOf('@');
  return at < 0 ? address.address : address.address.slice(0, at);
}

/**
 * i;unicode-casemap (RFC 5051), which Dovecot uses for SORT: each character to titlecase, then decomposed
 * (NFKD), compared as UTF-8 bytes. JavaScript has no simple titlecase mapping; upper case is the same except
 * for a few characters (ǆ, ß, Greek with iota subscript), which keep their own form here and may sort
 * differently from Dovecot.
 */
export function casemap(text: string): string {
  // eslint-disable-next-line no-control-regex
  if (/^[\x00-\x7f]*$/.test(text)) return text.toUpperCase();
  let out = '';
  for (const ch of text) {
    const upper = ch.toUpperCase();
    out += ([...upper].length === 1 ? upper : ch).normalize('NFKD');
  }
  return out;
}

/**
 * The base subject of RFC 5256 section 2.1 of a casemapped subject, following Dovecot's imap-base-subject.c:
 * whitespace packed, then trailers "(fwd)" and leaders "Re:", "Fw:", "Fwd:" with [blobs] removed until nothing
 * changes, and "[fwd: ...]" unwrapped.
 */
export function baseSubject(cased: string): string {
  let s = cased.replace(/[\t\r\n ]+/g, ' ');
  for (;;) {
    s = s.replace(/(?: |\(FWD\))+$/, ''); // (2) subj-trailer
    for (;;) {
      const before = s;
      s = s.replace(/^ /, ''); // (3) subj-leader: WSP
      s = s.replace(/^(?:\[[^[\]]*\] ?)*(?:RE|FWD?) ?(?:\[[^[\]]*\] ?)?:/, ''); // (3) *subj-blob subj-refwd
      const blob = /^\[[^[\]]*\] ?/.exec(s); // (4) a leading blob, when something is left after it
      if (blob && blob[0].length < s.length) s = s.slice(blob[0].length);
      if (s === before) break; // (5)
    }
    if (!(s.startsWith('[FWD:') && s.endsWith(']'))) return s; // (6) subj-fwd
    s = s.slice(5, -1);
  }
}

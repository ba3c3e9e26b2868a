// Finding mail: the mailbox page's search as IMAP SEARCH keys (RFC 3501 section 6.4.4). Values go through
// imapflow's own search compiler, so quoting, literals for non-ASCII text and CHARSET UTF-8 are done exactly as
// for its search(); user text is never pasted into a command.
import type { ImapAttributeNode, ImapResponse, SearchObject } from 'imapflow';
import { searchCompiler, type SearchAttribute } from 'imapflow/lib/search-compiler.js';
import type { ImapClient } from '../connection/mail-session.ts';

export type { SearchAttribute };

export interface MessageQuery {
  /** The one search box. IMAP SEARCH matches substrings, so this is one substring (as in Roundcube), not words. */
  text?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  subject?: string | undefined;
  /** Sent on or after this day (UTC midnight): SENTSINCE compares the day of the Date header. */
  since?: Date | undefined;
  /** Sent before this day (UTC midnight), not including it: SENTBEFORE. */
  before?: Date | undefined;
  unseen?: boolean | undefined;
  flagged?: boolean | undefined;
  attachment?: boolean | undefined;
  /** carries this keyword (a label: KEYWORD, RFC 3501 section 6.4.4) */
  keyword?: string | undefined;
  /** only UIDs 1..this (selection.ts: what a confirmation was shown for) */
  uidsUpTo?: number | undefined;
}

// SEARCH has no "has attachment" key. The list page marks attachments by the top-level Content-Type
// (message-summary.ts looksLikeAttachment); HEADER matches a substring of that header, so the same heuristic
// becomes three HEADER keys. A multipart/alternative with a PDF inside a multipart/related is missed by both.
const ATTACHMENT_TYPES = ['multipart/mixed', 'multipart/report', 'application/'];

export function isEmptyQuery(q: MessageQuery): boolean {
  return !(q.text || q.from || q.to || q.subject || q.since || q.before || q.unseen || q.flagged || q.attachment || q.keyword || q.uidsUpTo);
}

/**
 * The query as groups of imapflow search objects that all have to match. Groups, because an object holds one
 * `or` and the search box and "has attachment" are both ORs. The one box is OR OR OR FROM TO SUBJECT BODY:
 * TEXT would also match every Received, DKIM and Message-ID header, so "example" would find everything.
 */
export function searchGroups(q: MessageQuery): SearchObject[] {
  const fields: SearchObject = {};
  if (q.unseen) fields.seen = false;
  if (q.flagged) fields.flagged = true;
  if (q.since) fields.sentSince = q.since;
  if (q.before) fields.sentBefore = q.before;
  if (q.from) fields.from = q.from;
  if (q.to) fields.to = q.to;
  if (q.subject) fields.subject = q.subject;
  if (q.keyword) fields.keyword = q.keyword;
  if (q.uidsUpTo) fields.uid = `1:${q.uidsUpTo}`;
  const groups: SearchObject[] = Object.keys(fields).length ? [fields] : [];
  if (q.attachment) groups.push({ or: ATTACHMENT_TYPES.map((type) => ({ header: { 'content-type': type } })) });
  if (q.text) groups.push({ or: [{ from: q.text }, { to: q.text }, { subject: q.text }, { body: q.text }] });
  return groups;
}

export interface CompiledQuery {
  keys: SearchAttribute[];
  /** a value went out as a UTF-8 literal, so SEARCH needs CHARSET UTF-8 (SORT always names its charset) */
  utf8: boolean;
}

export const atom = (value: string): ImapAttributeNode => ({ type: 'ATOM', value });

/** The search keys for `q` (ALL when it is empty), ready for UID SEARCH or UID SORT. */
export function compileQuery(client: ImapClient, q: MessageQuery): CompiledQuery {
  let utf8 = false;
  const keys = searchGroups(q).flatMap((group) => {
    const compiled = searchCompiler(client, group);
    const first = compiled[0];
    // The compiler puts CHARSET UTF-8 in front of a group with a literal; one in front of the whole is enough.
    if (first && !Array.isArray(first) && first.value === 'CHARSET') {
      utf8 = true;
      return compiled.slice(2).map(quoteBackslash);
    }
    return compiled.map(quoteBackslash);
  });
  return { keys: keys.length ? keys : [atom('ALL')], utf8 };
}

// The compiler sends an ASCII value as an atom and checks only the characters after a leading backslash (that is
// for flags), so a search for "\foo" would go out bare: not an astring, and a strict server answers BAD (Dovecot
// lets it pass). None of our keys is a flag, so such a value goes as a quoted string.
function quoteBackslash(attr: SearchAttribute): SearchAttribute {
  if (Array.isArray(attr)) return attr.map(quoteBackslash);
  return attr.type === 'ATOM' && typeof attr.value === 'string' && attr.value.startsWith('\\') ? { type: 'STRING', value: attr.value } : attr;
}

type Untagged = Record<string, (response: ImapResponse) => Promise<void>>;
type Exec = (command: string, attributes: unknown[], options: { untagged: Untagged }) => Promise<{ next(): void }>;

/**
 * Runs a command imapflow has no method for (UID SORT) or that needs compiled keys (UID SEARCH with groups).
 * exec() is internal to imapflow (sandbox/seed.ts uses it for MULTIAPPEND): its tagged NO/BAD rejects with the
 * usual responseStatus/responseText fields, which mail-errors.ts classifies.
 */
export async function runCommand(client: ImapClient, command: string, attributes: unknown[], untagged: Untagged): Promise<void> {
  const exec = (client as unknown as { exec?: Exec }).exec;
  if (typeof exec !== 'function') throw new Error('imapflow no longer has exec(): search and sort need another way in');
  const response = await exec.call(client, command, attributes, { untagged });
  response.next(); // imapflow waits for this before it sends the next command
}

/** UIDs of the messages matching `q`, ascending. */
export async function searchUids(client: ImapClient, q: MessageQuery): Promise<number[]> {
  const { keys, utf8 } = compileQuery(client, q);
  // ESEARCH (RFC 4731) RETURN (ALL) answers with ranges ("1:4000,4007") instead of one number per match, and as
  // one token, which imapflow's parser reads far more cheaply than thousands. Courier has no ESEARCH.
  const esearch = client.capabilities.has('ESEARCH');
  let uids: number[] = [];
  await runCommand(client, 'UID SEARCH', [
    ...(esearch ? [atom('RETURN'), [atom('ALL')]] : []),
    ...(utf8 ? [atom('CHARSET'), atom('UTF-8')] : []),
    ...keys,
  ], {
    SEARCH: async (response) => {
      uids = uids.concat(response.numbers ?? numbersOf(response.attributes));
    },
    ESEARCH: async (response) => {
      uids = expandSet(esearchAll(response), matchLimit(client));
    },
  });
  return [...new Set(uids)].sort((a, b) => a - b);
}

/** The numbers of a SORT (or SEARCH) line the parser left as tokens; anything that is not a UID is dropped. */
export function numbersOf(attributes: ImapResponse['attributes']): number[] {
  return (attributes ?? []).map((a) => Number(a && !Array.isArray(a) ? a.value : NaN)).filter(isUid);
}

/** The ALL set of an ESEARCH response: `* ESEARCH (TAG "A5") UID ALL 1:3,7 COUNT 4` gives "1:3,7". */
export function esearchAll(response: ImapResponse): string {
  const attrs = response.attributes ?? [];
  for (let i = 0; i < attrs.length - 1; i++) {
    const a = attrs[i];
    const next = attrs[i + 1];
    if (a && !Array.isArray(a) && String(a.value).toUpperCase() === 'ALL' && next && !Array.isArray(next)) return String(next.value ?? '');
  }
  return '';
}

/**
 * A sequence set in the order it is written: "3,1:2" is 3, 1, 2, and "5:3" is 5, 4, 3. ESORT (RFC 5267) sends
 * the sorted UIDs this way. Stops at `limit` numbers: a server cannot match more messages than the mailbox holds.
 */
export function expandSet(set: string, limit: number): number[] {
  const out: number[] = [];
  for (const part of set.split(',')) {
    const [a, b = a] = part.split(':').map(Number);
    if (!isUid(a) || !isUid(b)) continue;
    const step = a <= b ? 1 : -1;
    for (let n = a; step > 0 ? n <= b : n >= b; n += step) {
      if (out.length >= limit) return out;
      out.push(n);
    }
  }
  return out;
}

/** How many UIDs an answer can hold at most: a server cannot match more messages than the mailbox has. */
export function matchLimit(client: ImapClient): number {
  return client.mailbox ? client.mailbox.exists : 0;
}

function isUid(n: number | undefined): n is number {
  return n !== undefined && Number.isInteger(n) && n >= 1 && n <= 0xffffffff;
}

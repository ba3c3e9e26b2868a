// The baseline: what a page minimally costs in raw imapflow on one warm connection with INBOX already
// selected, the floor DESIGN.md's performance model promises to stay near. Same server, same TLS, same
// imapflow as Postern; no HTTP, no session, no rendering.
import { readFileSync } from 'node:fs';
import { ImapFlow, type FetchMessageObject } from 'imapflow';
import { planBody, type BodyNode } from '../src/mime/body-structure.ts';
import type { SandboxInfo } from '../sandbox/sandbox.ts';
import { markRaw } from './spans.ts';

export type RawClient = ImapFlow;

export async function connectRaw(info: SandboxInfo, user: { name: string; password: string }): Promise<RawClient> {
  // The connection options MailSession uses (STARTTLS on the IMAP port), so only the work differs; no IDLE between
  // operations: the floor is a client that already knows the mailbox is unchanged.
  const client = new ImapFlow({
    host: '127.0.0.1', port: info.imapPort, secure: false, doSTARTTLS: true,
    tls: { ca: readFileSync(info.caFile), minVersion: 'TLSv1.2' },
    auth: { user: user.name, pass: user.password }, disableAutoIdle: true, logger: false,
  });
  client.on('error', () => {}); // a dropped connection shows up as a failed command
  markRaw(client);
  await client.connect();
  await client.mailboxOpen('INBOX');
  return client;
}

// What a list row shows: sender, subject, date, flags, size, and the Content-Type header for the paperclip.
const ROW_QUERY = { uid: true, flags: true, envelope: true, size: true, headers: ['content-type'] };

/** Page `page` (1 = newest) of `pageSize` by sequence range, the way a newest-first list needs no SEARCH. */
export async function fetchPage(client: RawClient, page: number, pageSize: number): Promise<FetchMessageObject[]> {
  const exists = client.mailbox ? client.mailbox.exists : 0;
  const end = exists - (page - 1) * pageSize;
  if (end < 1) return [];
  const rows: FetchMessageObject[] = [];
  for await (const msg of client.fetch(`${Math.max(1, end - pageSize + 1)}:${end}`, ROW_QUERY)) rows.push(msg);
  return rows;
}

/** The sidebar: every folder with its message and unread counts, one LIST-STATUS (RFC 5819) on Dovecot. */
export async function listStatus(client: RawClient): Promise<number> {
  const folders = await client.list({ statusQuery: { messages: true, unseen: true } });
  return folders.length;
}

/**
 * The floor of an inbox page as issue 9 defines it: on a warm connection with INBOX selected, the sidebar's
 * LIST-STATUS and a FETCH of the page's rows (page 1: the newest `pageSize`). No NOOP: it is what a page costs a
 * client that already knows the mailbox is unchanged.
 */
export async function floorPage(client: RawClient, page: number, pageSize: number): Promise<number> {
  await listStatus(client);
  const rows = await fetchPage(client, page, pageSize);
  if (rows.length !== pageSize) throw new Error(`raw page ${page} has ${rows.length} rows, not ${pageSize}`);
  return rows.length;
}

/**
 * Opening a message, the floor of issue 9: one FETCH of envelope/flags/BODYSTRUCTURE, then one FETCH of the text
 * part(s) the reader shows, as the server sends them (no transfer or charset decoding: that is the reader's work).
 */
export async function openMessage(client: RawClient, uid: number): Promise<number> {
  const msg = await client.fetchOne(String(uid), { uid: true, flags: true, envelope: true, bodyStructure: true, size: true }, { uid: true });
  if (!msg) throw new Error(`raw: no message with UID ${uid}`);
  // Postern's own choice of parts (pure mime code), so both sides move the same bytes.
  const plan = planBody((msg.bodyStructure ?? { type: 'text/plain' }) as BodyNode);
  const parts = plan.display.filter((d) => d.kind !== 'embedded-message').map((d) => d.part);
  if (!parts.length) return 0;
  const text = await client.fetchOne(String(uid), { bodyParts: parts }, { uid: true });
  let bytes = 0;
  for (const part of text ? text.bodyParts?.values() ?? [] : []) bytes += part.length;
  return bytes;
}

interface Untagged {
  attributes?: { value?: unknown }[];
  /** imapflow reads a plain SEARCH answer straight into numbers, without attributes */
  numbers?: number[];
}
type Exec = (command: string, attributes: unknown[], options?: { untagged?: Record<string, (u: Untagged) => Promise<void>> }) => Promise<{ next(): void }>;

const atom = (value: string) => ({ type: 'ATOM', value });

/**
 * Runs a SEARCH or SORT command with imapflow attributes through its exec() (imapflow has no call for SORT; as
 * sandbox/seed.ts does for MULTIAPPEND) and returns the numbers in the server's order: plain SEARCH/SORT
 * answers, or ESEARCH/ESORT (RFC 4731, 5267) with ALL or PARTIAL.
 */
export async function execForUids(client: RawClient, command: string, attributes: unknown[]): Promise<number[]> {
  const exec = (client as unknown as { exec: Exec }).exec;
  const uids: number[] = [];
  const plain = async (u: Untagged) => {
    if (u.numbers) uids.push(...u.numbers);
    for (const a of u.attributes ?? []) if (typeof a.value === 'string' && /^[0-9]+$/.test(a.value)) uids.push(Number(a.value));
  };
  const response = await exec.call(client, command, attributes, {
    untagged: {
      SEARCH: plain,
      SORT: plain,
      // "* ESEARCH (TAG "x") UID PARTIAL (1:50 uid-set)" (RFC 5267 section 4.4), or "... UID ALL uid-set".
      ESEARCH: async (u) => {
        const list = u.attributes ?? [];
        list.forEach((a, i) => {
          const keyword = typeof a.value === 'string' ? a.value.toUpperCase() : '';
          const next = list[i + 1] as unknown;
          const set = keyword === 'PARTIAL' && Array.isArray(next) ? (next[1] as { value?: unknown } | undefined)?.value
            : keyword === 'ALL' ? (next as { value?: unknown } | undefined)?.value : undefined;
          if (typeof set === 'string' && /^[0-9:,]+$/.test(set)) uids.push(...expand(set));
        });
      },
    },
  });
  response.next();
  return uids;
}

/**
 * UID SORT (RFC 5256) of ALL. With `partial`, ESORT's RETURN (COUNT PARTIAL first:last) (RFC 5267) answers with
 * only those UIDs plus the count a page needs for its pagination, instead of every UID in the mailbox.
 */
export function uidSort(client: RawClient, criteria: string[], partial?: string): Promise<number[]> {
  const returns = partial ? [atom('RETURN'), [atom('COUNT'), atom('PARTIAL'), atom(partial)]] : [];
  return execForUids(client, 'UID SORT', [...returns, criteria.map(atom), atom('UTF-8'), atom('ALL')]);
}

function expand(set: string): number[] {
  return set.split(',').flatMap((range) => {
    const [from, to] = range.split(':').map(Number) as [number, number | undefined];
    if (to === undefined) return [from];
    const step = to >= from ? 1 : -1;
    return Array.from({ length: Math.abs(to - from) + 1 }, (_, i) => from + i * step);
  });
}

/** One UID FETCH of the list rows of `uids` (a sorted or searched page). */
export async function fetchRows(client: RawClient, uids: number[]): Promise<number> {
  if (!uids.length) return 0;
  let n = 0;
  for await (const _ of client.fetch(uids.join(','), ROW_QUERY, { uid: true })) n++;
  return n;
}

/** A sorted page: the UIDs in order (a full UID SORT, or ESORT PARTIAL), then one UID FETCH of the page. */
export async function sortedPage(client: RawClient, criteria: string[], pageSize: number, partial = false): Promise<number> {
  const uids = await uidSort(client, criteria, partial ? `1:${pageSize}` : undefined);
  return fetchRows(client, uids.slice(0, pageSize));
}

/** imapflow's command attributes written back as IMAP text, for notes: `RETURN (ALL) (REVERSE DATE) UTF-8 ...`. */
export function imapText(attributes: unknown[]): string {
  return attributes.map((a) => {
    if (Array.isArray(a)) return `(${imapText(a)})`;
    const { type, value } = (a ?? {}) as { type?: string; value?: unknown };
    const text = Buffer.isBuffer(value) ? value.toString() : String(value);
    return type === 'STRING' || type === 'LITERAL' ? JSON.stringify(text) : text;
  }).join(' ');
}

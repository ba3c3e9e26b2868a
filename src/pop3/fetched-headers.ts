// What the fetcher needs from a retrieved message's header: its Message-ID (the duplicate check) and the date it
// arrived (the IMAP internal date). Read from the temp file's first bytes only; nothing else is parsed.
import { open } from 'node:fs/promises';

export interface FetchedHeaders {
  /** "<id@host>", printable ASCII, when the message has a usable one */
  messageId?: string;
  /** newest Received date, else Date, else the time of fetching */
  internalDate: Date;
}

/** Headers longer than this are read only this far: the fields we want come first in real mail. */
const HEAD_BYTES = 256 * 1024;
// A date this far off is a broken or forged header, not an arrival time.
const EARLIEST = Date.UTC(1980, 0, 1);
const FUTURE_SLACK_MS = 24 * 60 * 60 * 1000;

export async function readFetchedHeaders(file: string, now = new Date()): Promise<FetchedHeaders> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, HEAD_BYTES, 0);
    return parseFetchedHeaders(buffer.subarray(0, bytesRead), now);
  } finally {
    await handle.close();
  }
}

export function parseFetchedHeaders(head: Buffer, now: Date): FetchedHeaders {
  const fields = headerFields(head);
  const messageId = fields.find((f) => f.name === 'message-id')?.value.match(/<[\x21-\x3b\x3d\x3f-\x7e]{1,250}>/)?.[0];
  // Each relay puts its Received field on top (RFC 5322 section 3.6.7), so the first one is the newest: the time
  // the message reached the POP3 mailbox. Its date follows the last ";" (RFC 5321 section 4.4).
  const received = fields.filter((f) => f.name === 'received').map((f) => saneDate(f.value.slice(f.value.lastIndexOf(';') + 1), now));
  const sent = fields.filter((f) => f.name === 'date').map((f) => saneDate(f.value, now));
  const internalDate = received.find((d) => d !== undefined) ?? sent.find((d) => d !== undefined) ?? now;
  return { ...(messageId ? { messageId } : {}), internalDate };
}

/** Unfolded fields of the header block, names lower-cased; values as latin1 (only ASCII parts matter here). */
function headerFields(head: Buffer): { name: string; value: string }[] {
  const text = head.toString('latin1');
  const end = text.search(/\r?\n\r?\n/);
  const block = end === -1 ? text : text.slice(0, end);
  const fields: { name: string; value: string }[] = [];
  for (const line of block.split(/\r?\n/)) {
    const last = fields[fields.length - 1];
    if (/^[ \t]/.test(line) && last) {
      last.value += ` ${line.trim()}`;
      continue;
    }
    const colon = line.indexOf(':');
    if (colon > 0) fields.push({ name: line.slice(0, colon).trim().toLowerCase(), value: line.slice(colon + 1).trim() });
  }
  return fields;
}

function saneDate(value: string, now: Date): Date | undefined {
  // RFC 5322 comments such as "(CEST)" confuse Date.parse; the numeric zone before them is what counts.
  const cleaned = value.replace(/\([^()]*\)/g, ' ').replace(/\s+/g, ' ').trim();
  if (!cleaned) return undefined;
  const time = Date.parse(cleaned);
  if (Number.isNaN(time) || time < EARLIEST || time > now.getTime() + FUTURE_SLACK_MS) return undefined;
  return new Date(time);
}

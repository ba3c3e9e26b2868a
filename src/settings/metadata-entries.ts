// How a document maps onto METADATA entries (RFC 5464). Pure, so the encoding is table-tested.
//
// The head entry /private/vendor/postern/<name> holds one of:
//   - the JSON itself, when it is small: an admin looking at the server reads it as it is;
//   - "zlib:" + base64 of the zlib-compressed JSON (JSON compresses several times over);
//   - "chunks:<n>", when the value is larger than the server takes in one entry (a server says so with
//     NO [METADATA MAXSIZE n], section 4.3): the compressed value split over <head>/0 ... <head>/<n-1>.
// JSON never starts with a letter other than t, f or n, so the three forms cannot be confused. A write sets the
// head and every chunk in one SETMETADATA, which the server applies all or nothing, and removes (NIL) the chunk
// names beyond the new count, so no earlier, longer version leaves pieces behind.
import { MailError } from '../mail/errors/mail-errors.ts';
import { compress, decompress, isCompressed, MAX_DOCUMENT_BYTES, type Decoded } from './document-text.ts';
import { userText } from '../mail/errors/user-text.ts';

export const ENTRY_ROOT = '/private/vendor/postern/';

/** At most this many chunks: with Stalwart's 8 KB entries that is 256 KB of compressed JSON. */
export const MAX_CHUNKS = 32;

/** Larger JSON is compressed. Below it the saving is a few hundred bytes and readability is worth more. */
const COMPRESS_OVER = 4096;

/**
 * The largest entry value a read accepts (GETMETADATA MAXSIZE): the base64 of zlib output for the largest
 * document, which stays within 4/3 of it even when nothing compresses, plus the prefix.
 */
export const READ_LIMIT = Math.ceil((MAX_DOCUMENT_BYTES * 1.01 + 64) * 4 / 3) + 16;

export const entryName = (name: string): string => ENTRY_ROOT + name;
export const chunkName = (name: string, index: number): string => `${ENTRY_ROOT}${name}/${index}`;

export function chunkNames(name: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => chunkName(name, i));
}

/** The SETMETADATA entries for a document whose entries may hold at most `entryLimit` bytes each. */
export function encodeEntries(name: string, json: string, entryLimit: number): Map<string, string | null> {
  const value = Buffer.byteLength(json, 'utf8') > Math.min(COMPRESS_OVER, entryLimit) ? compress(json) : json;
  const entries = new Map<string, string | null>();
  let count = 0;
  if (Buffer.byteLength(value, 'utf8') <= entryLimit) {
    entries.set(entryName(name), value);
  } else {
    // Only compressed values get here (the JSON itself fit, or it was compressed), and they are ASCII, so
    // characters are bytes. Even pieces keep every piece under READ_LIMIT / count, which the read relies on.
    count = Math.ceil(value.length / entryLimit);
    if (count > MAX_CHUNKS) {
      throw new MailError('too-large', userText('mail:settings.entryTooLarge', `These settings are too large for this mail server (it keeps ${entryLimit} bytes per entry).`, { entryLimit }));
    }
    const size = Math.ceil(value.length / count);
    entries.set(entryName(name), `chunks:${count}`);
    for (let i = 0; i < count; i++) entries.set(chunkName(name, i), value.slice(i * size, (i + 1) * size));
  }
  for (let i = count; i < MAX_CHUNKS; i++) entries.set(chunkName(name, i), null);
  return entries;
}

export type Head =
  | { kind: 'absent' }
  | { kind: 'chunks'; count: number }
  | { kind: 'text'; text: string }
  | { kind: 'bad'; problem: string };

const fromDecoded = (d: Decoded): Head => (d.ok ? { kind: 'text', text: d.text } : { kind: 'bad', problem: d.problem });

/** What the head entry says: the document's JSON text, a chunk count to read next, or what is wrong with it. */
export function readHead(value: string | undefined): Head {
  if (value === undefined) return { kind: 'absent' };
  const chunks = /^chunks:(\d{1,3})$/.exec(value);
  if (chunks) {
    const count = Number(chunks[1]);
    return count >= 1 && count <= MAX_CHUNKS ? { kind: 'chunks', count } : { kind: 'bad', problem: `chunk count ${count} out of range` };
  }
  if (value.startsWith('chunks:')) return { kind: 'bad', problem: 'malformed chunk count' };
  return isCompressed(value) ? fromDecoded(decompress(value)) : { kind: 'text', text: value };
}

/** The JSON text of a chunked document; a missing piece or a mix of two versions fails the zlib check. */
export function joinChunks(name: string, count: number, values: ReadonlyMap<string, string>): Decoded {
  const pieces = chunkNames(name, count).map((n) => values.get(n));
  if (pieces.some((p) => p === undefined)) return { ok: false, problem: 'a chunk is missing' };
  const joined = pieces.join('');
  return isCompressed(joined) ? decompress(joined) : { ok: false, problem: 'chunks are not compressed data' };
}

/** MAXSIZE for reading `count` chunks: even pieces of a value within READ_LIMIT each fit, and junk cannot pile up. */
export function chunkReadLimit(count: number): number {
  return Math.ceil(READ_LIMIT / count) + 1;
}

// A settings document is one JSON value with a name. This file holds what both backends agree on: which names
// are valid, how large a document may be, and the compressed form large documents travel in. Pure: no I/O.
import { deflateSync, inflateSync } from 'node:zlib';
import { MailError } from '../mail/errors/mail-errors.ts';
import { userText } from '../mail/errors/user-text.ts';

/**
 * The largest document, as UTF-8 JSON. Each live session may cache every document it read, so this bounds the
 * memory a session holds; the documents planned (settings, contacts, POP3 accounts, a POP3 account's UIDLs:
 * thousands of 20-70 byte strings) fit well within it.
 */
export const MAX_DOCUMENT_BYTES = 256 * 1024;

/**
 * Lower case (Dovecot folds METADATA entry names to lower case), no "/" (a METADATA hierarchy separator), no
 * "*" or "%" (RFC 5464 section 3.2), nothing a header could be broken with; ":" for parameters such as
 * "pop3-uidls:<account id>".
 */
const NAME = /^[a-z0-9][a-z0-9._:-]{0,63}$/;

export function checkDocumentName(name: string): string {
  if (!NAME.test(name)) throw new TypeError(`Invalid settings document name ${JSON.stringify(name)}`);
  return name;
}

/** The document as JSON text, refused as too large before anything reaches the server. */
export function documentJson(name: string, value: unknown): string {
  const json = JSON.stringify(value);
  if (json === undefined) throw new TypeError(`Settings document ${name} has no JSON form`);
  const bytes = Buffer.byteLength(json, 'utf8');
  if (bytes > MAX_DOCUMENT_BYTES) {
    const [kb, max] = [Math.ceil(bytes / 1024), MAX_DOCUMENT_BYTES / 1024];
    throw new MailError('too-large', userText('mail:settings.tooLarge', `These settings are too large to keep (${kb} KB; at most ${max} KB).`, { kb, max }));
  }
  return json;
}

export type Parsed = { ok: true; value: unknown } | { ok: false; problem: string };
export type Decoded = { ok: true; text: string } | { ok: false; problem: string };

export function parseJson(text: string): Parsed {
  if (Buffer.byteLength(text, 'utf8') > MAX_DOCUMENT_BYTES) return { ok: false, problem: 'larger than the document limit' };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, problem: 'not JSON' };
  }
}

const ZLIB = 'zlib:';

/** zlib (RFC 1950, with its Adler-32 check) then base64: text that any METADATA value or mail body can carry. */
export function compress(json: string): string {
  return ZLIB + deflateSync(Buffer.from(json, 'utf8'), { level: 9 }).toString('base64');
}

export function isCompressed(text: string): boolean {
  return text.startsWith(ZLIB);
}

/** The JSON text back; a stored value that inflates past the limit (a zip bomb) or fails its check is refused. */
export function decompress(text: string): Decoded {
  try {
    const json = inflateSync(Buffer.from(text.slice(ZLIB.length), 'base64'), { maxOutputLength: MAX_DOCUMENT_BYTES });
    return { ok: true, text: json.toString('utf8') };
  } catch (err) {
    return { ok: false, problem: (err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' ? 'inflates past the document limit' : 'damaged compressed data' };
  }
}

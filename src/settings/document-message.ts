// A document as a mail message, for servers without METADATA: one message per document version in the hidden
// settings folder, the JSON as an application/json part (other clients show a .json attachment, not noise), and
// a header naming the document so a SEARCH finds it. Headers are ASCII and lines CRLF, which every server takes
// (Cyrus refuses bare LF). Pure: builds and reads bytes only.
import { randomBytes } from 'node:crypto';
import type { Decoded } from './document-text.ts';

export const DOCUMENT_HEADER = 'X-Postern-Document';

export function newMessageId(): string {
  return `<${randomBytes(16).toString('hex')}@postern.invalid>`;
}

function base64Lines(bytes: Buffer): string {
  // RFC 2045 section 6.8: encoded lines of at most 76 characters.
  return (bytes.toString('base64').match(/.{1,76}/g) ?? []).join('\r\n');
}

export function documentMessage(name: string, json: string, messageId: string, date = new Date()): Buffer {
  const head = [
    `Date: ${date.toUTCString().replace(/GMT$/, '+0000')}`,
    'From: Postern <postern@postern.invalid>',
    `Subject: Postern settings (${name}); do not delete`,
    `Message-ID: ${messageId}`,
    `${DOCUMENT_HEADER}: ${name}`,
    'MIME-Version: 1.0',
    'Content-Type: application/json; charset=utf-8',
    `Content-Disposition: attachment; filename="${name.replace(/:/g, '-')}.json"`,
    'Content-Transfer-Encoding: base64',
  ];
  return Buffer.from(`${head.join('\r\n')}\r\n\r\n${base64Lines(Buffer.from(json, 'utf8'))}\r\n`, 'latin1');
}

/** Unfolded header fields of a header block, names in lower case (RFC 5322 section 2.2.3). */
function headerFields(block: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const line of block.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) fields.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return fields;
}

/** The document a message's headers name; SEARCH HEADER matches substrings, so callers compare exactly. */
export function documentNameIn(headers: Buffer | string): string | undefined {
  return headerFields(headers.toString()).get(DOCUMENT_HEADER.toLowerCase());
}

/** The JSON text of a document message written by documentMessage, or what is wrong with the message. */
export function readDocumentMessage(raw: Buffer, name: string): Decoded {
  const text = raw.toString('latin1');
  const end = /\r?\n\r?\n/.exec(text);
  if (!end) return { ok: false, problem: 'message has no body' };
  const fields = headerFields(text.slice(0, end.index));
  if (fields.get(DOCUMENT_HEADER.toLowerCase()) !== name) return { ok: false, problem: 'message names another document' };
  if (fields.get('content-transfer-encoding')?.toLowerCase() !== 'base64') return { ok: false, problem: 'message body is not base64' };
  const body = text.slice(end.index + end[0].length).replace(/[\r\n\t ]/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(body)) return { ok: false, problem: 'message body is not base64' };
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(body, 'base64')) };
  } catch {
    return { ok: false, problem: 'message body is not UTF-8' };
  }
}

// Header and parameter decoding for values an IMAP layer did not decode. imapflow already applies RFC 2047 and
// RFC 2231 (including continuations) to BODYSTRUCTURE parameters and envelope subjects, so on its output these are
// no-ops; other servers' libraries and hand-built trees get the same result.

function decodeBytes(bytes: Uint8Array, charset: string): string {
  // RFC 2231 §5 allows a language suffix on the charset in encoded-words: "utf-8*en".
  const label = charset.split('*', 1)[0]?.trim() || 'utf-8';
  try {
    return new TextDecoder(label).decode(bytes);
  } catch {
    // Unknown label: UTF-8 with replacement characters beats dropping the name.
    return new TextDecoder('utf-8').decode(bytes);
  }
}

function qBytes(text: string): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i] ?? '';
    const hex = text.slice(i + 1, i + 3);
    if (c === '=' && /^[0-9a-f]{2}$/i.test(hex)) {
      out.push(parseInt(hex, 16));
      i += 2;
    } else {
      out.push(c === '_' ? 0x20 : c.charCodeAt(0) & 0xff);
    }
  }
  return Uint8Array.from(out);
}

// RFC 2047 §6.2: whitespace between two adjacent encoded-words is dropped, and a multi-byte character may be split
// across them, so runs of words in one charset are decoded as one byte string.
const ENCODED_WORD = /=\?([^?\s]+)\?([bq])\?([^?\s]*)\?=/gi;
const RUN = /=\?[^?\s]+\?[bq]\?[^?\s]*\?=(?:\s+=\?[^?\s]+\?[bq]\?[^?\s]*\?=)*/gi;

export function decodeEncodedWords(value: string): string {
  if (!value.includes('=?')) return value;
  return value.replace(RUN, (run) => {
    let out = '';
    let pending: Uint8Array[] = [];
    let pendingCharset = '';
    const flush = () => {
      if (pending.length === 0) return;
      out += decodeBytes(Buffer.concat(pending), pendingCharset);
      pending = [];
    };
    for (const [, charset = '', encoding = '', text = ''] of run.matchAll(ENCODED_WORD)) {
      if (charset.toLowerCase() !== pendingCharset.toLowerCase()) flush();
      pendingCharset = charset;
      pending.push(encoding.toLowerCase() === 'b' ? Buffer.from(text, 'base64') : qBytes(text));
    }
    flush();
    return out;
  });
}

function appendBytes(out: number[], text: string, percentEncoded: boolean): void {
  for (const piece of percentEncoded ? text.split(/(%[0-9a-f]{2})/i) : [text]) {
    if (percentEncoded && /^%[0-9a-f]{2}$/i.test(piece)) out.push(parseInt(piece.slice(1), 16));
    else for (const byte of Buffer.from(piece, 'utf8')) out.push(byte);
  }
}

/**
 * One Content-Type / Content-Disposition parameter by name, case-insensitively: RFC 2231 forms (`name*`,
 * `name*0*`, `name*1`...) win over the plain one, as §4 asks; the plain value gets RFC 2047 decoding, which
 * RFC 2231 forbids but Outlook and many others send.
 */
export function decodeParameter(params: Record<string, string> | undefined, name: string): string | undefined {
  if (!params || typeof params !== 'object') return undefined;
  let plain: string | undefined;
  const segments: { index: number; value: string; encoded: boolean }[] = [];
  for (const [rawKey, value] of Object.entries(params)) {
    if (typeof value !== 'string') continue;
    const key = rawKey.toLowerCase();
    if (key === name) plain = value;
    else if (key === `${name}*`) segments.push({ index: 0, value, encoded: true });
    else {
      const m = /^(.+)\*(\d{1,3})(\*?)$/.exec(key);
      if (m && m[1] === name) segments.push({ index: Number(m[2]), value, encoded: m[3] === '*' });
    }
  }
  if (segments.length === 0) return plain === undefined ? undefined : decodeEncodedWords(plain);
  segments.sort((a, b) => a.index - b.index);
  let charset = 'utf-8';
  const bytes: number[] = [];
  for (const [i, segment] of segments.entries()) {
    let value = segment.value;
    // §4: only the first encoded segment carries charset'language'.
    const head = i === 0 && segment.encoded ? /^([^']*)'[^']*'(.*)$/s.exec(value) : null;
    if (head) {
      charset = head[1] || charset;
      value = head[2] ?? '';
    }
    appendBytes(bytes, value, segment.encoded);
  }
  return decodeBytes(Uint8Array.from(bytes), charset);
}

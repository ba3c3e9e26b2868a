// Encoders for the legacy charsets the demo mail uses. Node ships only UTF-8 encoders, but its
// ICU-backed TextDecoder knows these charsets, so each encoder is the decoder's inverse: build
// the table once by decoding every code, then look characters up. That keeps the project
// free of an iconv dependency and guarantees that our bytes decode back with the same tables
// a reader (and Postern) will use.

export type LegacyCharset = 'iso-8859-1' | 'windows-1252' | 'koi8-r' | 'shift_jis' | 'iso-2022-jp';

/** The spelling mailers put on the wire (charset names are case-insensitive, RFC 2978). */
export const CHARSET_LABEL: Record<LegacyCharset, string> = {
  'iso-8859-1': 'ISO-8859-1',
  'windows-1252': 'windows-1252',
  'koi8-r': 'KOI8-R',
  shift_jis: 'Shift_JIS',
  'iso-2022-jp': 'ISO-2022-JP',
};

const tables = new Map<string, Map<string, number[]>>();

function table(charset: LegacyCharset): Map<string, number[]> {
  let map = tables.get(charset);
  if (map) return map;
  map = new Map();
  const decoder = new TextDecoder(charset);
  const learn = (bytes: number[], decoded: string): void => {
    if (decoded.length > 0 && !decoded.includes('\ufffd') && !map!.has(decoded)) map!.set(decoded, bytes);
  };
  if (charset === 'iso-2022-jp') {
    // JIS X 0208 rows 0x21-0x7E (RFC 1468); the escape sequences are added by encode().
    for (let hi = 0x21; hi <= 0x7e; hi++) {
      for (let lo = 0x21; lo <= 0x7e; lo++) learn([hi, lo], decoder.decode(Uint8Array.of(0x1b, 0x24, 0x42, hi, lo, 0x1b, 0x28, 0x42)));
    }
  } else {
    for (let b = 0; b < 0x100; b++) learn([b], decoder.decode(Uint8Array.of(b)));
    if (charset === 'shift_jis') {
      for (let hi = 0x81; hi <= 0xfc; hi++) {
        if (hi > 0x9f && hi < 0xe0) continue;
        for (let lo = 0x40; lo <= 0xfc; lo++) if (lo !== 0x7f) learn([hi, lo], decoder.decode(Uint8Array.of(hi, lo)));
      }
    }
  }
  tables.set(charset, map);
  return map;
}

/** Encodes `text` in `charset`; throws on a character the charset lacks, so demo text stays honest. */
export function encode(text: string, charset: LegacyCharset): Buffer {
  const map = table(charset);
  const out: number[] = [];
  let jis = false; // ISO-2022-JP: currently shifted into JIS X 0208
  for (const char of text) {
    // WHATWG decodes the label iso-8859-1 as windows-1252, so the table would accept the
    // C1-range punctuation (the euro sign, curly quotes) that real ISO-8859-1 lacks.
    const code = char.codePointAt(0) ?? 0;
    if (charset === 'iso-8859-1' && (code > 0xff || (code >= 0x80 && code < 0xa0))) {
      throw new Error(`demo text: ${JSON.stringify(char)} is not in ISO-8859-1`);
    }
    if (charset === 'iso-2022-jp') {
      const ascii = char.charCodeAt(0) < 0x80;
      if (!ascii && !jis) out.push(0x1b, 0x24, 0x42);
      if (ascii && jis) out.push(0x1b, 0x28, 0x42);
      jis = !ascii;
      if (ascii) {
        out.push(char.charCodeAt(0));
        continue;
      }
    }
    const bytes = map.get(char);
    if (!bytes) throw new Error(`demo text: ${JSON.stringify(char)} has no ${charset} encoding`);
    out.push(...bytes);
  }
  if (jis) out.push(0x1b, 0x28, 0x42); // RFC 1468: end every text in ASCII
  return Buffer.from(out);
}

/**
 * RFC 2047 encoded-words for a header in `charset`, split so each word stays within 75
 * characters and decodes on its own (section 2); ISO-2022-JP words each return to ASCII.
 * "Q" is what European mailers tend to send, "B" what Japanese and Cyrillic ones do.
 */
export function encodeWords(text: string, charset: LegacyCharset, mode: 'B' | 'Q' = 'B'): string {
  const words: string[] = [];
  let chunk = '';
  const word = (s: string): string => {
    const bytes = encode(s, charset);
    const payload = mode === 'B' ? bytes.toString('base64') : qWord(bytes);
    return `=?${CHARSET_LABEL[charset]}?${mode}?${payload}?=`;
  };
  for (const char of text) {
    if (chunk && word(chunk + char).length > 75) {
      words.push(word(chunk));
      chunk = '';
    }
    chunk += char;
  }
  if (chunk) words.push(word(chunk));
  return words.join(' ');
}

// RFC 2047 section 4.2 (and 5(3) for the characters allowed inside a phrase).
function qWord(bytes: Buffer): string {
  let out = '';
  for (const b of bytes) {
    if (b === 0x20) out += '_';
    else if (/[A-Za-z0-9!*+\-/]/.test(String.fromCharCode(b))) out += String.fromCharCode(b);
    else out += '=' + b.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

// Undoing a part's Content-Transfer-Encoding (RFC 2045 section 6): the bytes of a text part as the server stores
// them, fetched with BODY[part], back to the bytes of its charset. Lenient like every mail reader: whitespace and
// stray characters in base64 are skipped, and a "=" in quoted-printable that is not followed by two hex digits or
// a line break is kept as it is (section 6.7, note 2). A part cut short by a partial FETCH decodes as far as it goes.

export function decodeTransfer(bytes: Buffer, encoding: string | undefined): Buffer {
  switch ((encoding ?? '').trim().toLowerCase()) {
    case 'base64':
      // Node's decoder ignores characters outside the alphabet and stops at padding, as section 6.8 asks.
      return Buffer.from(bytes.toString('latin1'), 'base64');
    case 'quoted-printable':
      return decodeQuotedPrintable(bytes);
    default:
      // 7bit, 8bit, binary, and anything unknown: the bytes are the content.
      return bytes;
  }
}

const EQUALS = 0x3d;
const CR = 0x0d;
const LF = 0x0a;

function hexValue(byte: number | undefined): number {
  if (byte === undefined) return -1;
  if (byte >= 0x30 && byte <= 0x39) return byte - 0x30;
  const lower = byte | 0x20;
  return lower >= 0x61 && lower <= 0x66 ? lower - 0x61 + 10 : -1;
}

export function decodeQuotedPrintable(bytes: Buffer): Buffer {
  const out = Buffer.alloc(bytes.length);
  let n = 0;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i]!;
    if (byte !== EQUALS) {
      out[n++] = byte;
      continue;
    }
    const high = hexValue(bytes[i + 1]);
    const low = hexValue(bytes[i + 2]);
    if (high >= 0 && low >= 0) {
      out[n++] = high * 16 + low;
      i += 2;
      continue;
    }
    // A soft line break: "=" then optional trailing whitespace, then CRLF (or a bare LF).
    let j = i + 1;
    while (bytes[j] === 0x20 || bytes[j] === 0x09) j++;
    if (bytes[j] === CR && bytes[j + 1] === LF) {
      i = j + 1;
      continue;
    }
    if (bytes[j] === LF) {
      i = j;
      continue;
    }
    // The end of a cut-off part, or a lone "=": drop the dangling "=" at the very end, keep it elsewhere.
    if (j >= bytes.length) break;
    out[n++] = byte;
  }
  return out.subarray(0, n);
}

// Bytes in a declared charset to text. imapflow converts charsets only for text/plain and text/html; the other parts
// Postern shows (text/enriched, report parts) arrive as their own bytes. The WHATWG Encoding Standard's decoders
// are the ones browsers use for mail's labels (iso-8859-1 read as windows-1252, shift_jis, gb18030...); an
// unknown label falls back to UTF-8, and bytes that do not decode become U+FFFD rather than an error.
export function decodeCharset(bytes: Uint8Array, charset: string | undefined): string {
  try {
    return new TextDecoder(charset || 'utf-8').decode(bytes);
  } catch {
    return new TextDecoder('utf-8').decode(bytes);
  }
}

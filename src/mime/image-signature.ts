// What an image really is, read from its first bytes rather than from what the sender declared. A browser decodes
// these four raster formats without running anything; SVG is a document (scripts, external references) and is
// never recognized here, whatever its declared type.

export type RasterType = 'image/png' | 'image/jpeg' | 'image/gif' | 'image/webp';

/** Bytes needed to tell the formats apart (WebP's "WEBP" tag ends at offset 12). */
export const SIGNATURE_BYTES = 12;

const startsWith = (head: Uint8Array, signature: readonly number[], at = 0) =>
  head.length >= at + signature.length && signature.every((b, i) => head[at + i] === b);

const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

// PNG: RFC 2083 section 3.1; JPEG: SOI marker then the first marker's 0xFF; GIF: both versions' headers;
// WebP: a RIFF container whose form type is "WEBP".
const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JPEG = [0xff, 0xd8, 0xff];
const GIF87 = ascii('GIF87a');
const GIF89 = ascii('GIF89a');
const RIFF = ascii('RIFF');
const WEBP = ascii('WEBP');

export function sniffRasterImage(head: Uint8Array): RasterType | undefined {
  if (startsWith(head, PNG)) return 'image/png';
  if (startsWith(head, JPEG)) return 'image/jpeg';
  if (startsWith(head, GIF87) || startsWith(head, GIF89)) return 'image/gif';
  if (startsWith(head, RIFF) && startsWith(head, WEBP, 8)) return 'image/webp';
  return undefined;
}

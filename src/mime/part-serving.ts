// How a stored part goes out over HTTP. A part is the sender's bytes on Postern's own origin, so only a real
// raster image may be shown inline: a page declared "image/png; name=login.html" must never come back as
// text/html (the sender's page on our address). Declared type AND first bytes decide; the file name never does.
import { isSafeInlineImage } from './format.ts';
import { sniffRasterImage } from './image-signature.ts';

export interface ServedAs {
  /** the image type the bytes really are, or application/octet-stream */
  contentType: string;
  inline: boolean;
}

/**
 * `declaredType` is the part's Content-Type, `disposition` its Content-Disposition type ('' when absent) and
 * `head` its first decoded bytes (image-signature.ts SIGNATURE_BYTES). A verified image keeps its real type so
 * an <img> decodes it; it is inline unless the sender marked it as an attachment. Everything else is bytes to save.
 */
export function servePartAs(declaredType: string, disposition: string, head: Uint8Array): ServedAs {
  const image = isSafeInlineImage(declaredType) ? sniffRasterImage(head) : undefined;
  if (!image) return { contentType: 'application/octet-stream', inline: false };
  return { contentType: image, inline: disposition.trim().toLowerCase() !== 'attachment' };
}

// Which URLs a sanitized mail may keep. Decisions use the WHATWG URL parser, the one the reader's browser applies
// to the same attribute value, so entity tricks, tabs and newlines inside "java\tscript:" or a leading space cannot
// make us see a different scheme than the browser does (htmlparser2 has already decoded character references).
import { cidUrlKey } from './content-id.ts';

const LINK_PROTOCOLS = new Set(['http:', 'https:', 'mailto:']);

/**
 * An absolute http, https or mailto URL, re-serialized so the browser parses exactly what was checked; else
 * undefined. Relative and protocol-relative URLs are refused: in our frame they would resolve against Postern.
 */
export function safeLinkHref(value: string): string | undefined {
  const url = parseAbsolute(value);
  return url && LINK_PROTOCOLS.has(url.protocol) ? url.href : undefined;
}

export type ImageSource =
  | { kind: 'cid'; key: string }
  | { kind: 'data'; src: string }
  | { kind: 'remote'; src: string }
  | { kind: 'refused' };

// Raster data: URLs only. image/svg+xml is a document (scripts, external references), so it never qualifies.
const DATA_IMAGE = /^data:image\/(png|jpe?g|gif|webp)((?:;[a-z0-9_.+-]+(?:=[a-z0-9_.+-]*)?)*);base64,([a-z0-9+/=]*)$/i;

export function classifyImageSource(value: string): ImageSource {
  const trimmed = stripUrlNoise(value);
  if (/^cid:/i.test(trimmed)) {
    const key = cidUrlKey(trimmed);
    return key ? { kind: 'cid', key } : { kind: 'refused' };
  }
  if (/^data:/i.test(trimmed)) {
    // Mail wraps long data: URLs; forgiving-base64 ignores the whitespace, so we drop it before checking.
    const m = DATA_IMAGE.exec(trimmed.replace(/\s+/g, ''));
    const type = (m?.[1] ?? '').toLowerCase().replace(/^jpg$/, 'jpeg');
    return m ? { kind: 'data', src: `data:image/${type};base64,${m[3] ?? ''}` } : { kind: 'refused' };
  }
  const url = parseAbsolute(trimmed);
  if (url && (url.protocol === 'http:' || url.protocol === 'https:')) return { kind: 'remote', src: url.href };
  return { kind: 'refused' };
}

// The URL parser's own preprocessing (leading/trailing C0 controls and spaces, every tab and newline), done first so
// the scheme tests above see what the parser sees.
// (A loop, not /[...]+$/: that regex is quadratic on long inner runs of spaces.)
function stripUrlNoise(value: string): string {
  let start = 0;
  let end = value.length;
  while (start < end && value.charCodeAt(start) <= 0x20) start++;
  while (end > start && value.charCodeAt(end - 1) <= 0x20) end--;
  return value.slice(start, end).replace(/[\t\n\r]/g, '');
}

function parseAbsolute(value: string): URL | undefined {
  // No base: a relative or protocol-relative reference throws instead of resolving against anything.
  try {
    return new URL(stripUrlNoise(value));
  } catch {
    return undefined;
  }
}

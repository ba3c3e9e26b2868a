// Small display helpers shared by the body planner and the views. Pure: no I/O.

// SI units (1 kB = 1000 B), so the label means what it says; one decimal below 10 keeps "1.2 kB" but not "123.4 kB".
// The symbols are international; the number is written as the reader's locale writes it ("1,2 kB" in German).
const UNITS = ['B', 'kB', 'MB', 'GB', 'TB'] as const;
const numberFormats = new Map<string, Intl.NumberFormat[]>();

function numberFormatsFor(locale: string): Intl.NumberFormat[] {
  let formats = numberFormats.get(locale);
  if (!formats) {
    formats = [0, 1].map((digits) => new Intl.NumberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits, useGrouping: false }));
    // Locales come from a short list (the catalogs' languages and their regions): a cap, not an eviction policy.
    if (numberFormats.size < 100) numberFormats.set(locale, formats);
  }
  return formats;
}

export function formatSize(bytes: number, locale = 'en'): string {
  const [whole, tenths] = numberFormatsFor(locale) as [Intl.NumberFormat, Intl.NumberFormat];
  if (!Number.isFinite(bytes) || bytes <= 0) return `${whole.format(0)} B`;
  if (bytes < 1000) return `${whole.format(Math.round(bytes))} B`;
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < UNITS.length - 1) {
    value /= 1000;
    unit++;
  }
  // Rounding can carry into the next unit (999,960 B is "1000 kB"): step up instead.
  let rounded = value < 10 ? Math.round(value * 10) / 10 : Math.round(value);
  if (rounded >= 1000 && unit < UNITS.length - 1) {
    unit++;
    rounded = Math.round((value / 1000) * 10) / 10;
  }
  return `${(rounded < 10 ? tenths : whole).format(rounded)} ${UNITS[unit]}`;
}

// Raster formats every browser decodes without running anything. SVG is never here: it is a document that can
// script and fetch. image/jpg and image/pjpeg are mislabels of JPEG that real mailers send.
const SAFE_INLINE_IMAGES = new Set(['image/png', 'image/jpeg', 'image/jpg', 'image/pjpeg', 'image/gif', 'image/webp']);

export function isSafeInlineImage(contentType: string): boolean {
  return SAFE_INLINE_IMAGES.has(mediaType(contentType));
}

// RFC 2045 §5.1 token/token, lower-cased and without parameters; anything malformed is opaque bytes.
const MEDIA_TYPE = /^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+$/;

export function mediaType(contentType: string | undefined): string {
  const bare = typeof contentType === 'string' ? (contentType.split(';', 1)[0] ?? '').trim().toLowerCase() : '';
  return MEDIA_TYPE.test(bare) ? bare : 'application/octet-stream';
}

const EXTENSIONS: Record<string, string> = {
  'text/plain': 'txt', 'text/html': 'html', 'text/calendar': 'ics', 'text/csv': 'csv', 'text/rfc822-headers': 'txt',
  'text/x-vcard': 'vcf', 'text/vcard': 'vcf', 'message/rfc822': 'eml', 'message/global': 'eml',
  'message/delivery-status': 'txt', 'message/global-delivery-status': 'txt', 'message/disposition-notification': 'txt',
  'image/png': 'png', 'image/jpeg': 'jpg', 'image/jpg': 'jpg', 'image/gif': 'gif', 'image/webp': 'webp',
  'image/svg+xml': 'svg', 'image/bmp': 'bmp', 'image/tiff': 'tif', 'application/pdf': 'pdf', 'application/zip': 'zip',
  'application/json': 'json', 'application/pgp-signature': 'asc', 'application/pgp-encrypted': 'asc',
  'application/pgp-keys': 'asc', 'application/pkcs7-signature': 'p7s', 'application/x-pkcs7-signature': 'p7s',
  'application/ics': 'ics', 'application/ms-tnef': 'dat', 'application/vnd.ms-tnef': 'dat',
};

export function extensionForType(contentType: string): string {
  return EXTENSIONS[mediaType(contentType)] ?? 'bin';
}

// C0/C1 controls, plus invisible and bidi-override characters: "invoice\u202Efdp.exe" displays as "invoiceexe.pdf".
const UNSAFE_CHARS = /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb]/g;
const MAX_FILENAME = 200;

export function stripUnsafeChars(value: string): string {
  return value.replace(UNSAFE_CHARS, '');
}

/** A name the browser can save as-is: no path, no controls, no hidden dot-file, bounded length; else `fallback`. */
export function safeFilename(name: string | undefined, fallback: string): string {
  if (typeof name !== 'string') return fallback;
  const base = stripUnsafeChars(name).split(/[/\\]/).pop() ?? '';
  // Leading dots would make a hidden file; trailing dots and spaces are dropped by Windows anyway.
  let clean = base.replace(/\s+/g, ' ').replace(/^[. ]+/, '');
  let end = clean.length;
  while (end > 0 && (clean[end - 1] === '.' || clean[end - 1] === ' ')) end--;
  clean = clean.slice(0, end);
  if (clean === '') return fallback;
  const chars = Array.from(clean);
  if (chars.length > MAX_FILENAME) {
    const dot = clean.lastIndexOf('.');
    const ext = dot > 0 && clean.length - dot <= 16 ? clean.slice(dot) : '';
    clean = chars.slice(0, MAX_FILENAME - Array.from(ext).length).join('') + ext;
  }
  return clean;
}

// One normal form for Content-IDs so a `cid:` URL in the HTML finds the MIME part that carries it.
// Lower-cased: RFC 5322 makes the left side of a msg-id case-sensitive, but generators and HTML editors change case
// on the way, and two parts of one message differing only by case do not happen in practice.

/** Content-ID header value (`<abc@host>`) to its lookup key (`abc@host`); undefined when empty. */
export function contentIdKey(headerValue: string | undefined): string | undefined {
  // RFC 5322 §2.1.1 bounds a header line at 998 characters; longer is not a Content-ID.
  if (typeof headerValue !== 'string' || headerValue.length > 998) return undefined;
  const key = headerValue.trim().replace(/^<\s*/, '').replace(/\s*>$/, '').trim().toLowerCase();
  return key === '' ? undefined : key;
}

/** The part of a `cid:` URL after the scheme to the same key: RFC 2392 §2 percent-encodes the msg-id in the URL. */
export function cidUrlKey(urlValue: string): string | undefined {
  let value = urlValue.replace(/^\s*cid:/i, '');
  try {
    value = decodeURIComponent(value);
  } catch {
    // A stray "%" is not an escape; the raw text is the best guess at what the sender meant.
  }
  return contentIdKey(value);
}

// What every sanitizer test file shares: the message the HTML comes from (its cid: parts), the image proxy the body
// route uses when the reader allows remote images, and the check that an output is inert with remote images off and on.
import { sanitizeEmailHtml } from '../../src/mime/sanitize-html.ts';
import { assertInert } from '../fixtures/mime/inspect-html.ts';

export const PART = '/message/INBOX/7/part/';
const CIDS = new Map([['logo@example.com', `${PART}1.2`], ['photo@x', `${PART}1.3`], ['a b@x', `${PART}1.4`]]);

// What the body route does when the reader allows remote images: every http(s) image through the image proxy.
const PROXY = '/image-proxy?u=';
const proxied = (src: string) => `${PROXY}${encodeURIComponent(src)}&s=sig`;

export function clean(html: string, remote = false) {
  return sanitizeEmailHtml(html, { resolveCid: (cid) => CIDS.get(cid), remoteImage: remote ? proxied : undefined });
}

/** Sanitizes with remote images off and on, checks both outputs are inert, returns the "off" result. */
export function inert(html: string) {
  const on = clean(html, true);
  assertInert(on.html, { proxyPrefix: PROXY, partPrefix: PART });
  const off = clean(html, false);
  assertInert(off.html, { partPrefix: PART });
  return off;
}

export const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

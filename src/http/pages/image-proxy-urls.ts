// Signed addresses of the image proxy (routes/image-proxy.ts). Only URLs Postern itself put in a body document are
// fetched, and only for the session it made them for: the signature is an HMAC over the session id and the URL,
// with a key derived from SESSION_SECRET for this one use. Without it the proxy would fetch any URL for anyone
// signed in, and a link sent around would work in another person's session.
import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { MAX_IMAGE_URL } from '../../remote/fetch-image.ts';

export const IMAGE_PROXY_PATH = '/image-proxy';

export interface ImageProxyUrls {
  /** the same-origin address of `src` for this session, or undefined when it cannot be proxied */
  urlFor(sessionId: string, src: string): string | undefined;
  /** whether `signature` was made by urlFor for this session and this exact URL */
  verify(sessionId: string, src: string, signature: string): boolean;
}

export function imageProxyUrls(sessionSecret: string): ImageProxyUrls {
  const key = Buffer.from(hkdfSync('sha256', sessionSecret, '', 'postern image proxy v1', 32));
  const sign = (sessionId: string, src: string) =>
    createHmac('sha256', key).update(sessionId).update('\u0000').update(src).digest('base64url');
  return {
    urlFor(sessionId, src) {
      // A longer address would be refused by the route anyway: the image stays blocked instead.
      if (!sessionId || src.length > MAX_IMAGE_URL) return undefined;
      return `${IMAGE_PROXY_PATH}?${new URLSearchParams({ u: src, s: sign(sessionId, src) })}`;
    },
    verify(sessionId, src, signature) {
      if (!sessionId) return false;
      const want = Buffer.from(sign(sessionId, src));
      const got = Buffer.from(signature);
      return got.length === want.length && timingSafeEqual(got, want);
    },
  };
}

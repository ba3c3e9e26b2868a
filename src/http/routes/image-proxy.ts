// GET /image-proxy?u=<url>&s=<signature>: a remote image of an open message, loaded by Postern for the reader's
// browser, so the sender learns neither the reader's address nor when the mail was read (DESIGN.md security
// model). Behind sign-in like every route; the signature ties the URL to this session (image-proxy-urls.ts).
import { Router } from 'express';
import { pipeline } from 'node:stream/promises';
import { z } from 'zod';
import { fetchRemoteImage, MAX_IMAGE_URL, type ImageFetchLimits } from '../../remote/fetch-image.ts';
import { RemoteImageError, type RemoteImageFailure } from '../../remote/remote-errors.ts';
import { HttpError } from '../pages/errors.ts';
import { msg } from '../i18n/translator.ts';
import { IMAGE_PROXY_PATH, type ImageProxyUrls } from '../pages/image-proxy-urls.ts';
import { parse } from '../forms/params.ts';

const query = z.object({
  u: z.string({ error: msg('error:image.addressMissing') }).min(1, msg('error:image.addressMissing')).max(MAX_IMAGE_URL, msg('error:image.addressTooLong')),
  s: z.string({ error: msg('error:image.signatureMissing') }).regex(/^[A-Za-z0-9_-]{43}$/, msg('error:image.signatureMalformed')),
});

const STATUS: Record<RemoteImageFailure, number> = {
  'bad-url': 400, refused: 403, 'not-image': 415, 'too-large': 413, unreachable: 502, timeout: 504,
};

// The page says what kind of failure it was; the remote host and its answer (the error's message) go to the log.
const WORDS: Record<RemoteImageFailure, string> = {
  'bad-url': msg('error:image.badUrl'), refused: msg('error:image.refused'), 'not-image': msg('error:image.notImage'),
  'too-large': msg('error:image.tooLarge'), unreachable: msg('error:image.unreachable'), timeout: msg('error:image.timeout'),
};

export function imageProxyRoutes(opts: { urls: ImageProxyUrls; limits: ImageFetchLimits }): Router {
  const router = Router();
  router.get(IMAGE_PROXY_PATH, async (req, res) => {
    const { u, s } = parse(query, req.query);
    if (!opts.urls.verify(req.sessionID, u, s)) {
      throw new HttpError(403, { key: msg('error:image.notYours') });
    }
    try {
      const image = await fetchRemoteImage(u, opts.limits);
      // Cache-Control: no-store comes from no-store.ts: the address is bound to this session, so a cached copy could
      // never be used again, and it would leave a record of which mail was read in the browser's cache.
      res.setHeader('Content-Type', image.contentType);
      res.setHeader('Content-Disposition', 'inline');
      res.setHeader('X-Content-Type-Options', 'nosniff');
      res.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
      // Past the cap or the deadline halfway, the error handler can only cut the response off.
      await pipeline(image.body, res);
    } catch (err) {
      if (err instanceof RemoteImageError) {
        req.log.info({ failure: err.failure, reason: err.message }, 'remote image not loaded');
        throw new HttpError(STATUS[err.failure], { key: WORDS[err.failure] });
      }
      throw err;
    }
  });
  return router;
}

// GET /image-proxy?u=<url>&s=<signature>: a remote image of an open message, loaded by Postern for the reader's
// browser, so the sender learns neither the reader's address nor when the mail was read (DESIGN.md security
// model). Behind sign-in like every route; the signature ties the URL to this session (image-proxy-urls.ts).
import { Router } from 'express';
import { pipeline } from 'node:stream/promises';
import { z } from 'zod';
import { fetchRemoteImage, MAX_IMAGE_URL, type ImageFetchLimits } from '../../remote/fetch-image.ts';
import { RemoteImageError, type RemoteImageFailure } from '../../remote/remote-errors.ts';
import { HttpError } from '../errors.ts';
import { IMAGE_PROXY_PATH, type ImageProxyUrls } from '../image-proxy-urls.ts';
import { parse } from '../params.ts';

const query = z.object({
  u: z.string({ error: 'The image address is missing.' }).min(1, 'The image address is missing.').max(MAX_IMAGE_URL, 'The image address is too long.'),
  s: z.string({ error: 'The image signature is missing.' }).regex(/^[A-Za-z0-9_-]{43}$/, 'The image signature is malformed.'),
});

const STATUS: Record<RemoteImageFailure, number> = {
  'bad-url': 400, refused: 403, 'not-image': 415, 'too-large': 413, unreachable: 502, timeout: 504,
};

export function imageProxyRoutes(opts: { urls: ImageProxyUrls; limits: ImageFetchLimits }): Router {
  const router = Router();
  router.get(IMAGE_PROXY_PATH, async (req, res) => {
    const { u, s } = parse(query, req.query);
    if (!opts.urls.verify(req.sessionID, u, s)) {
      throw new HttpError(403, 'This image address was not made for your session. Open the message again.');
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
      if (err instanceof RemoteImageError) throw new HttpError(STATUS[err.failure], err.message);
      throw err;
    }
  });
  return router;
}

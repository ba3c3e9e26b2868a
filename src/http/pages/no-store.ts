// Nothing Postern answers past this point may outlive the session in the browser's cache: without it, Back after
// sign-out showed the message again and a part opened from cache (parts were private, max-age=3600). Mounted after
// static files and health checks (which keep their caching) and before sessions, so the sign-in page, every page
// behind sign-in, parts, raw sources, the body frame, redirects and error pages all carry it.
import type { RequestHandler } from 'express';

export const noStore: RequestHandler = (_req, res, next) => {
  res.setHeader('Cache-Control', 'no-store');
  next();
};

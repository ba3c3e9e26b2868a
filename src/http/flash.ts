// One-shot messages carried across a redirect (Post/Redirect/Get), as Alps and Miniflux do.
import type { Request, RequestHandler } from 'express';

export function flash(req: Request, type: 'info' | 'error', text: string): void {
  req.session.flash = [...(req.session.flash ?? []), { type, text }];
}

export const takeFlash: RequestHandler = (req, res, next) => {
  res.locals.flash = req.session?.flash ?? [];
  if (req.session?.flash) delete req.session.flash;
  next();
};

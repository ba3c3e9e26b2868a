// One-shot messages carried across a redirect (Post/Redirect/Get), as Alps and Miniflux do. A message given as a
// catalog key is translated when shown, so it reads in the language of the page it lands on (after a change of
// language in Settings, the new one).
import type { Request, RequestHandler } from 'express';
import { localeOf } from '../i18n/request-locale.ts';

export type FlashText = string | { key: string; values?: Record<string, string | number> };

export function flash(req: Request, type: 'info' | 'error', text: FlashText): void {
  const entry = typeof text === 'string' ? { type, text } : { type, key: text.key, ...(text.values ? { values: text.values } : {}) };
  req.session.flash = [...(req.session.flash ?? []), entry];
}

export const takeFlash: RequestHandler = (req, res, next) => {
  const { t } = localeOf(res);
  res.locals.flash = (req.session?.flash ?? []).map((f) => ({ type: f.type, text: f.key ? t(f.key, f.values) : (f.text ?? '') }));
  if (req.session?.flash) delete req.session.flash;
  next();
};

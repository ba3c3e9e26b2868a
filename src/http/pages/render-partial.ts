// A view rendered to a string with the response's locals (t(), locale, csrfToken...), for answers sent in parts:
// the live list's events (routes/events.ts) and the search of every folder (routes/search-all.ts). Same EJS, same
// escaping as a whole page; nothing is sent.
import type { Response } from 'express';

export function renderPartial(res: Response, view: string, locals: Record<string, unknown>): Promise<string> {
  return new Promise((resolve, reject) => res.render(view, locals, (err: Error | null, html: string) => (err ? reject(err) : resolve(html))));
}

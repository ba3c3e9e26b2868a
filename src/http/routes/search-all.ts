// GET /search — the search of every folder that holds mail (mail/finding/search-all.ts), with the fields of the
// mailbox page's search. Without any field it is the form alone: searching every folder for everything is the
// folder list. A search is one HTML answer sent in parts (chunked, no script needed): the page's start with the
// form at once, then each folder's matches as that folder answers, then the totals. Once the start is sent the
// status is 200 for good, so a failure later (the server gone, a deadline) is told in the page, naming the folder
// the search stopped at, and still goes to the error handler to be logged; a failure before it is the usual page.
import { Router, type Response } from 'express';
import { foldersNotSearched, searchEachFolder } from '../../mail/finding/search-all.ts';
import { isEmptyQuery } from '../../mail/finding/search.ts';
import { MailError } from '../../mail/errors/mail-errors.ts';
import { mailSessionOf } from '../sessions/auth.ts';
import { fieldErrors } from '../forms/forms.ts';
import { localeOf } from '../i18n/request-locale.ts';
import { say, sayMailError } from '../i18n/user-text.ts';
import { labelsOf } from '../lists/labels.ts';
import { messageQueryOf } from '../lists/list-state.ts';
import { settingsOf } from '../sessions/load-settings.ts';
import { mailboxQuery } from '../forms/params.ts';
import { searchAllContext, searchAllEnd, searchAllFolder, searchAllStart, type SearchAllTotals } from '../presenters/search-all-page.ts';
import { renderPartial } from '../pages/render-partial.ts';
import { shownFolders } from '../lists/shown-folders.ts';
import { typedFields } from './mailbox.ts';

export function searchAllRoutes(opts: { pageSize: number }): Router {
  const router = Router();

  router.get('/search', async (req, res) => {
    const words = localeOf(res);
    const folders = await shownFolders(res);
    const query = mailboxQuery.safeParse(req.query);
    if (!query.success) {
      const errors = Object.fromEntries(Object.entries(fieldErrors(query.error)).map(([k, v]) => [k, say(v, words)]));
      const ctx = searchAllContext(folders, words, { fields: typedFields(req.query), errors }, { labels: labelsOf(res) });
      return res.status(400).render('search-all', { ...searchAllStart(folders, false, ctx), ...searchAllEnd({ total: 0, failed: [], notSearched: 0 }, ctx) });
    }
    const list = query.data;
    const mailQuery = messageQueryOf(list);
    const ctx = searchAllContext(folders, words, { fields: list, errors: {} }, { list, labels: labelsOf(res) });
    const start = searchAllStart(folders, !isEmptyQuery(mailQuery), ctx);
    if (!start.searching) return res.render('search-all', { ...start, ...searchAllEnd({ total: 0, failed: [], notSearched: 0 }, ctx) });

    const paths = folders.filter((f) => f.selectable).map((f) => f.path);
    const perFolder = settingsOf(res)?.pageSize ?? opts.pageSize;
    // Rendered before anything is sent: a template failure here is still an error page.
    const head = await renderPartial(res, 'partials/search-all-start', start);
    // nginx buffers proxied answers unless told not to (X-Accel-Buffering); no compression middleware runs here.
    res.status(200).type('html').setHeader('X-Accel-Buffering', 'no');
    const totals: SearchAllTotals = { total: 0, failed: [], notSearched: foldersNotSearched(paths) };
    let current = paths[0] ?? '';
    let failure: unknown;
    if (!(await send(res, head))) return;
    try {
      for await (const answer of searchEachFolder(mailSessionOf(res), paths, mailQuery, { perFolder })) {
        if (answer.failed) totals.failed.push(answer.mailbox);
        else if (answer.total > 0) {
          totals.total += answer.total;
          if (!(await send(res, await renderPartial(res, 'partials/search-all-folder', searchAllFolder(answer.mailbox, answer.total, answer.messages, ctx))))) return;
        }
        current = paths[paths.indexOf(answer.mailbox) + 1] ?? '';
      }
    } catch (err) {
      failure = err;
      const reason = err instanceof MailError ? sayMailError(err, words) : words.t('error:messages.unexpected');
      totals.stopped = { mailbox: current, reason };
    }
    res.end(await renderPartial(res, 'partials/search-all-end', { ...start, ...searchAllEnd(totals, ctx) }));
    // Logged by the one error handler, which leaves an answer already complete as it is.
    if (failure) throw failure;
  });

  return router;
}

/** Writes one part and waits until it left (a slow reader slows the search); false when the browser went away. */
async function send(res: Response, html: string): Promise<boolean> {
  if (res.destroyed) return false;
  if (!res.write(html)) {
    await new Promise<void>((resolve) => {
      const done = () => {
        res.off('drain', done).off('close', done);
        resolve();
      };
      res.on('drain', done).on('close', done);
    });
  }
  return !res.destroyed;
}

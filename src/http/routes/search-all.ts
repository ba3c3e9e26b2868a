// GET /search — the search of every folder that holds mail (mail/finding/search-all.ts), with the fields of the
// mailbox page's search. Without any field it is the form alone: searching every folder for everything is the
// folder list.
import { Router } from 'express';
import { searchAllFolders } from '../../mail/finding/search-all.ts';
import { isEmptyQuery } from '../../mail/finding/search.ts';
import { mailSessionOf } from '../auth.ts';
import { fieldErrors } from '../forms.ts';
import { localeOf } from '../i18n/request-locale.ts';
import { say } from '../i18n/user-text.ts';
import { labelsOf } from '../labels.ts';
import { messageQueryOf } from '../list-state.ts';
import { settingsOf } from '../load-settings.ts';
import { mailboxQuery } from '../params.ts';
import { searchAllPage } from '../presenters/search-all-page.ts';
import { shownFolders } from '../shown-folders.ts';
import { typedFields } from './mailbox.ts';

export function searchAllRoutes(opts: { pageSize: number }): Router {
  const router = Router();

  router.get('/search', async (req, res) => {
    const words = localeOf(res);
    const folders = await shownFolders(res);
    const query = mailboxQuery.safeParse(req.query);
    if (!query.success) {
      const errors = Object.fromEntries(Object.entries(fieldErrors(query.error)).map(([k, v]) => [k, say(v, words)]));
      return res.status(400).render('search-all', searchAllPage(folders, undefined, words, { fields: typedFields(req.query), errors }, { labels: labelsOf(res) }));
    }
    const list = query.data;
    const mailQuery = messageQueryOf(list);
    const paths = folders.filter((f) => f.selectable).map((f) => f.path);
    const limit = settingsOf(res)?.pageSize ?? opts.pageSize;
    const result = isEmptyQuery(mailQuery) ? undefined : await searchAllFolders(mailSessionOf(res), paths, mailQuery, { limit });
    res.render('search-all', searchAllPage(folders, result, words, { fields: list, errors: {} }, { list, labels: labelsOf(res) }));
  });

  return router;
}

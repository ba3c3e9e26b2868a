// Actions on a whole folder from its list page: mark all read, and empty the Trash or Junk (after a confirm page
// that says how many messages go). Both return to the list as it was, with a flash saying what happened.
import { Router } from 'express';
import { markAllSeen } from '../../mail/organizing/flags.ts';
import { withUsualNames } from '../../mail/folders/folder-rules.ts';
import { expungeMessages } from '../../mail/organizing/move.ts';
import { selectMatching } from '../../mail/finding/selection.ts';
import { mailSessionOf } from '../sessions/auth.ts';
import { HttpError } from '../pages/errors.ts';
import { localeOf } from '../i18n/request-locale.ts';
import { msg } from '../i18n/translator.ts';
import { shownFolders } from '../lists/shown-folders.ts';
import { emptyFolderForm, readAllForm } from '../forms/forms.ts';
import { listHref, listToken, parseList } from '../lists/list-state.ts';
import { respond, settled, told } from '../lists/organize-actions.ts';
import { confirmEmpty } from '../presenters/confirm-page.ts';
import { mailboxParams, parse } from '../forms/params.ts';
import { mailboxUrl } from '../pages/urls.ts';

export function folderActionRoutes(): Router {
  const router = Router();

  router.post('/mailbox/:mailbox/read-all', async (req, res) => {
    const { mailbox } = parse(mailboxParams, req.params);
    const list = parseList(parse(readAllForm, req.body ?? {}).list);
    const mail = mailSessionOf(res);
    const marked = await markAllSeen(mail, mailbox);
    const folder = (await shownFolders(res)).find((f) => f.path === mailbox)?.name ?? mailbox;
    const { t } = localeOf(res);
    const text = marked ? t('mailbox:folderActions.readAllDone', { count: marked, folder }) : t('mailbox:folderActions.noneUnread', { folder });
    respond(req, res, told({ type: 'info', text }), listHref(mailbox, list));
  });

  router.post('/mailbox/:mailbox/empty', async (req, res) => {
    const { mailbox } = parse(mailboxParams, req.params);
    const form = parse(emptyFolderForm, req.body ?? {});
    const list = parseList(form.list);
    const mail = mailSessionOf(res);
    const here = withUsualNames(await shownFolders(res, { maxAgeMs: 0 })).find((f) => f.path === mailbox);
    if (!here || (here.specialUse !== 'trash' && here.specialUse !== 'junk')) {
      throw new HttpError(400, { key: msg('mailbox:folderActions.emptyOnlyThese') });
    }
    const back = listHref(mailbox, list);
    const words = localeOf(res);
    const outcome = await settled(async () => {
      if (!form.confirm || form.uidvalidity === undefined || form.upto === undefined) {
        const chosen = await selectMatching(mail, mailbox, {});
        if (chosen.uids.length === 0) return told({ type: 'info', text: words.t('mailbox:folderActions.emptyAlready', { folder: here.name }) });
        return {
          confirm: confirmEmpty({
            folderLabel: here.name, count: chosen.uids.length, unseen: here.unseen, url: `${mailboxUrl(mailbox)}/empty`, cancelHref: back,
            fields: [
              ...(listToken(list) ? [{ name: 'list', value: listToken(list) }] : []),
              { name: 'uidvalidity', value: chosen.uidValidity }, { name: 'upto', value: String(chosen.upTo) },
            ],
          }, words),
        };
      }
      // Exactly the messages the confirmation counted: those still here up to the UID it was shown for.
      const chosen = await selectMatching(mail, mailbox, {}, { uidValidity: form.uidvalidity, upTo: form.upto });
      const count = await expungeMessages(mail, mailbox, chosen.uids);
      return told({ type: 'info', text: words.t('mailbox:folderActions.emptied', { folder: here.name, count: count.done }) }, count);
    }, words);
    respond(req, res, outcome, listHref(mailbox, { ...list, page: 1 }), back);
  });

  return router;
}

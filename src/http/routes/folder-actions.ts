// Actions on a whole folder from its list page: mark all read, and empty the Trash or Junk (after a confirm page
// that says how many messages go). Both return to the list as it was, with a flash saying what happened.
import { Router } from 'express';
import { markAllSeen } from '../../mail/organizing/flags.ts';
import { withUsualNames } from '../../mail/folders/folder-rules.ts';
import { listMailboxes } from '../../mail/folders/mailboxes.ts';
import { expungeMessages } from '../../mail/organizing/move.ts';
import { selectMatching } from '../../mail/finding/selection.ts';
import { mailSessionOf } from '../auth.ts';
import { HttpError } from '../errors.ts';
import { emptyFolderForm, readAllForm } from '../forms.ts';
import { listHref, listToken, parseList } from '../list-state.ts';
import { respond, settled, told } from '../organize-actions.ts';
import { confirmEmpty } from '../presenters/confirm-page.ts';
import { mailboxParams, parse } from '../params.ts';
import { mailboxUrl } from '../urls.ts';

const plural = (n: number) => `${n} message${n === 1 ? '' : 's'}`;

export function folderActionRoutes(): Router {
  const router = Router();

  router.post('/mailbox/:mailbox/read-all', async (req, res) => {
    const { mailbox } = parse(mailboxParams, req.params);
    const list = parseList(parse(readAllForm, req.body ?? {}).list);
    const mail = mailSessionOf(res);
    const marked = await markAllSeen(mail, mailbox);
    const label = (await listMailboxes(mail)).find((f) => f.path === mailbox)?.name ?? mailbox;
    const text = marked ? `Marked ${plural(marked)} in ${label} as read.` : `There were no unread messages in ${label}.`;
    respond(req, res, told({ type: 'info', text }), listHref(mailbox, list));
  });

  router.post('/mailbox/:mailbox/empty', async (req, res) => {
    const { mailbox } = parse(mailboxParams, req.params);
    const form = parse(emptyFolderForm, req.body ?? {});
    const list = parseList(form.list);
    const mail = mailSessionOf(res);
    const here = withUsualNames(await listMailboxes(mail, { maxAgeMs: 0 })).find((f) => f.path === mailbox);
    if (!here || (here.specialUse !== 'trash' && here.specialUse !== 'junk')) {
      throw new HttpError(400, 'Only the Trash and Junk folders can be emptied here. Select messages and delete them instead.');
    }
    const back = listHref(mailbox, list);
    const outcome = await settled(async () => {
      if (!form.confirm || form.uidvalidity === undefined || form.upto === undefined) {
        const chosen = await selectMatching(mail, mailbox, {});
        if (chosen.uids.length === 0) return told({ type: 'info', text: `${here.name} is empty already.` });
        return {
          confirm: confirmEmpty({
            folderLabel: here.name, count: chosen.uids.length, unseen: here.unseen, url: `${mailboxUrl(mailbox)}/empty`, cancelHref: back,
            fields: [
              ...(listToken(list) ? [{ name: 'list', value: listToken(list) }] : []),
              { name: 'uidvalidity', value: chosen.uidValidity }, { name: 'upto', value: String(chosen.upTo) },
            ],
          }),
        };
      }
      // Exactly the messages the confirmation counted: those still here up to the UID it was shown for.
      const chosen = await selectMatching(mail, mailbox, {}, { uidValidity: form.uidvalidity, upTo: form.upto });
      const count = await expungeMessages(mail, mailbox, chosen.uids);
      return told({ type: 'info', text: `Emptied ${here.name}: deleted ${plural(count.done)} for good.` }, count);
    });
    respond(req, res, outcome, listHref(mailbox, { ...list, page: 1 }), back);
  });

  return router;
}

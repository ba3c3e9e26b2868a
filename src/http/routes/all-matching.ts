// "Select all N matching": the bulk form posted with all=1 and the list it was on. The server finds the messages
// with the list's own search (the whole folder when nothing is searched), shows how many on a confirm page, and
// after the confirmation acts on the messages of that snapshot that still match (src/mail/finding/selection.ts).
import type { Request, Response } from 'express';
import type { z } from 'zod';
import { folderLabel } from '../../mail/folders/folder-lookup.ts';
import { selectMatching } from '../../mail/finding/selection.ts';
import { mailSessionOf } from '../sessions/auth.ts';
import type { bulkActionForm } from '../forms/forms.ts';
import { localeOf } from '../i18n/request-locale.ts';
import { shownFolders } from '../lists/shown-folders.ts';
import { listHref, listToken, messageQueryOf, type ListState } from '../lists/list-state.ts';
import { respond, runAction, settled, told } from '../lists/organize-actions.ts';
import { confirmAllMatching, type Field } from '../presenters/confirm-page.ts';
import { describeSearch } from '../presenters/search-summary.ts';
import { mailboxUrl } from '../pages/urls.ts';
import { chosenLabel } from '../lists/labels.ts';

type BulkForm = z.infer<typeof bulkActionForm>;

export async function actOnAllMatching(req: Request, res: Response, mailbox: string, form: BulkForm, list: ListState): Promise<void> {
  const mail = mailSessionOf(res);
  // After acting the old page number may be past the end: the first page of the same list.
  const back = listHref(mailbox, list);
  const query = messageQueryOf(list);
  const confirmed = form.confirm && form.uidvalidity !== undefined && form.upto !== undefined;
  const words = localeOf(res);
  const outcome = await settled(async () => {
    if (!confirmed) {
      const chosen = await selectMatching(mail, mailbox, query);
      if (chosen.uids.length === 0) return told({ type: 'error', text: words.t('organize:errors.noneMatch') });
      const folders = await shownFolders(res);
      const label = (path: string) => folders.find((f) => f.path === path)?.name ?? folderLabel(path, '');
      const fields: Field[] = [
        { name: 'all', value: '1' }, { name: 'action', value: form.action }, ...(form.to ? [{ name: 'to', value: form.to }] : []),
        ...(form.label ? [{ name: 'label', value: form.label }] : []),
        ...(listToken(list) ? [{ name: 'list', value: listToken(list) }] : []),
        { name: 'uidvalidity', value: chosen.uidValidity }, { name: 'upto', value: String(chosen.upTo) },
      ];
      if ((form.action === 'move' || form.action === 'copy') && !form.to) {
        return told({ type: 'error', text: words.t('organize:errors.chooseFolderAll', { action: form.action }) });
      }
      if ((form.action === 'label' || form.action === 'unlabel') && !form.label) return told({ type: 'error', text: words.t('organize:errors.chooseLabel') });
      return {
        confirm: confirmAllMatching({
          action: form.action, count: chosen.uids.length, folderLabel: label(mailbox),
          targetLabel: form.to ? label(form.to) : chosenLabel(res, form.label)?.name ?? '',
          inTrash: folders.some((f) => f.path === mailbox && f.specialUse === 'trash'), search: describeSearch({ ...list, label: chosenLabel(res, list.label)?.name }, words),
          url: `${mailboxUrl(mailbox)}/messages`, cancelHref: back, fields,
        }, words),
      };
    }
    const chosen = await selectMatching(mail, mailbox, query, { uidValidity: form.uidvalidity!, upTo: form.upto! });
    if (chosen.uids.length === 0) return told({ type: 'error', text: words.t('organize:errors.noneLeft') });
    // The one confirmation covers a delete in the Trash too.
    return runAction(mail, form.action, {
      mailbox, uids: chosen.uids, to: form.to, label: chosenLabel(res, form.label), confirm: true, confirmAction: { url: '', cancelHref: back, bulk: true }, words,
    });
  }, words);
  respond(req, res, outcome, listHref(mailbox, { ...list, page: 1 }), back);
}

// View model of views/confirm.ejs: the page a destructive POST without confirm=yes gets (status 200), with a form
// that posts the same fields again plus confirm=yes, and a way back. Folder names come as the reader knows them.
import type { FolderDeletion } from '../../mail/folders/folders.ts';
import type { BulkAction } from '../forms/forms.ts';
import { folderName, type Words } from '../i18n/user-text.ts';

export interface Field {
  name: string;
  value: string;
}

export interface ConfirmPage {
  title: string;
  question: string;
  details: string[];
  action: string;
  fields: Field[];
  confirmLabel: string;
  cancelHref: string;
}

export function confirmExpunge(opts: { folderLabel: string; uids: number[]; action: string; cancelHref: string; bulk: boolean; carry: Field[] }, { t }: Words): ConfirmPage {
  const count = opts.uids.length;
  return {
    title: t('organize:confirm.expungeTitle'),
    question: t('organize:confirm.expungeQuestion', { count, folder: opts.folderLabel }),
    details: [t('organize:confirm.expungeFinal')],
    action: opts.action,
    fields: [
      ...opts.uids.map((uid) => ({ name: 'uid', value: String(uid) })),
      ...(opts.bulk ? [{ name: 'action', value: 'delete' }] : []),
      ...opts.carry,
      { name: 'confirm', value: 'yes' },
    ],
    confirmLabel: t('organize:confirm.expungeButton', { count }),
    cancelHref: opts.cancelHref,
  };
}

export function confirmFolderDelete(plan: FolderDeletion, opts: { action: string; cancelHref: string }, { t }: Words): ConfirmPage {
  const folder = folderName(plan, t);
  const details = [t('folders:confirm.holds', { folder, count: plan.messages })];
  if (plan.subfolders.length) {
    details.push(t('folders:confirm.subfolders', {
      folders: plan.subfolders.length, count: plan.subfolderMessages, names: plan.subfolders.map((f) => folderName(f, t)).join(', '),
    }));
  }
  details.push(t('folders:confirm.final'));
  return {
    title: t('folders:confirm.title'),
    question: t('folders:confirm.question', { folder }),
    details,
    action: opts.action,
    fields: [{ name: 'confirm', value: 'yes' }],
    confirmLabel: t('folders:confirm.button'),
    cancelHref: opts.cancelHref,
  };
}

/** "All N matching": what will happen to how many, before anything does. `fields` post the same request again. */
export function confirmAllMatching(opts: {
  action: BulkAction; count: number; folderLabel: string; targetLabel: string; inTrash: boolean;
  search: string | undefined; url: string; cancelHref: string; fields: Field[];
}, { t }: Words): ConfirmPage {
  const { count } = opts;
  const forGood = opts.action === 'delete' && opts.inTrash;
  // The catalog chooses the question by action (ICU select): "Move 12 messages from Inbox to Work?".
  const question = forGood
    ? t('organize:confirm.expungeQuestion', { count, folder: opts.folderLabel })
    : t('organize:confirm.allQuestion', { action: opts.action, count, from: opts.folderLabel, to: opts.targetLabel });
  return {
    title: t('organize:confirm.allTitle', { count }),
    question,
    details: [
      opts.search ? t('organize:confirm.allSearch', { search: opts.search }) : t('organize:confirm.allFolder', { folder: opts.folderLabel }),
      ...(forGood ? [t('organize:confirm.expungeFinal')] : []),
      t('organize:confirm.newMailLeft'),
    ],
    action: opts.url,
    fields: [...opts.fields, { name: 'confirm', value: 'yes' }],
    confirmLabel: forGood ? t('organize:confirm.expungeButton', { count }) : t('organize:confirm.yes', { count }),
    cancelHref: opts.cancelHref,
  };
}

/** Emptying the Trash or Junk: how many messages (and unread ones) go for good. */
export function confirmEmpty(opts: { folderLabel: string; count: number; unseen: number; url: string; cancelHref: string; fields: Field[] }, { t }: Words): ConfirmPage {
  const { count, folderLabel: folder } = opts;
  return {
    title: t('organize:confirm.emptyTitle', { folder }),
    question: t('organize:confirm.emptyQuestion', { count, folder }),
    details: [
      ...(opts.unseen ? [t('organize:confirm.emptyUnread', { count: opts.unseen })] : []),
      t('organize:confirm.emptyFinal', { folder }),
    ],
    action: opts.url,
    fields: [...opts.fields, { name: 'confirm', value: 'yes' }],
    confirmLabel: t('organize:confirm.emptyButton', { count, folder }),
    cancelHref: opts.cancelHref,
  };
}

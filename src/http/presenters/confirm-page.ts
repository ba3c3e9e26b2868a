// View model of views/confirm.ejs: the page a destructive POST without confirm=yes gets (status 200), with a form
// that posts the same fields again plus confirm=yes, and a way back.
import type { FolderDeletion } from '../../mail/folders.ts';

export interface ConfirmPage {
  title: string;
  question: string;
  details: string[];
  action: string;
  fields: { name: string; value: string }[];
  confirmLabel: string;
  cancelHref: string;
}

const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export function confirmExpunge(opts: { folderLabel: string; uids: number[]; action: string; cancelHref: string; bulk: boolean }): ConfirmPage {
  const what = count(opts.uids.length, 'message');
  return {
    title: 'Delete for good?',
    question: `Delete ${what} from ${opts.folderLabel} for good?`,
    details: ['Messages deleted from the Trash cannot be brought back.'],
    action: opts.action,
    fields: [
      ...opts.uids.map((uid) => ({ name: 'uid', value: String(uid) })),
      ...(opts.bulk ? [{ name: 'action', value: 'delete' }] : []),
      { name: 'confirm', value: 'yes' },
    ],
    confirmLabel: `Delete ${what} for good`,
    cancelHref: opts.cancelHref,
  };
}

export function confirmFolderDelete(plan: FolderDeletion, opts: { action: string; cancelHref: string }): ConfirmPage {
  const details = [`${plan.label} holds ${count(plan.messages, 'message')}.`];
  if (plan.subfolders.length) {
    details.push(`It also deletes ${count(plan.subfolders.length, 'folder')} inside it, with ${count(plan.subfolderMessages, 'message')}: ${plan.subfolders.map((f) => f.label).join(', ')}.`);
  }
  details.push('Deleted folders and their messages cannot be brought back.');
  return {
    title: 'Delete folder?',
    question: `Delete the folder ${plan.label}?`,
    details,
    action: opts.action,
    fields: [{ name: 'confirm', value: 'yes' }],
    confirmLabel: 'Delete the folder',
    cancelHref: opts.cancelHref,
  };
}

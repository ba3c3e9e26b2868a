// View model of views/confirm.ejs: the page a destructive POST without confirm=yes gets (status 200), with a form
// that posts the same fields again plus confirm=yes, and a way back.
import type { FolderDeletion } from '../../mail/folders/folders.ts';
import type { BulkAction } from '../forms.ts';

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

const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export function confirmExpunge(opts: { folderLabel: string; uids: number[]; action: string; cancelHref: string; bulk: boolean; carry: Field[] }): ConfirmPage {
  const what = count(opts.uids.length, 'message');
  return {
    title: 'Delete for good?',
    question: `Delete ${what} from ${opts.folderLabel} for good?`,
    details: ['Messages deleted from the Trash cannot be brought back.'],
    action: opts.action,
    fields: [
      ...opts.uids.map((uid) => ({ name: 'uid', value: String(uid) })),
      ...(opts.bulk ? [{ name: 'action', value: 'delete' }] : []),
      ...opts.carry,
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

const ALL_VERBS: Record<BulkAction, (what: string, from: string, to: string) => string> = {
  seen: (what, from) => `Mark ${what} in ${from} as read?`,
  unseen: (what, from) => `Mark ${what} in ${from} as unread?`,
  flag: (what, from) => `Flag ${what} in ${from}?`,
  unflag: (what, from) => `Remove the flag from ${what} in ${from}?`,
  archive: (what, from) => `Archive ${what} from ${from}?`,
  junk: (what, from) => `Move ${what} from ${from} to Junk?`,
  delete: (what, from) => `Delete ${what} from ${from}? They go to the Trash.`,
  move: (what, from, to) => `Move ${what} from ${from} to ${to}?`,
  copy: (what, from, to) => `Copy ${what} from ${from} to ${to}?`,
};

/** "All N matching": what will happen to how many, before anything does. `fields` post the same request again. */
export function confirmAllMatching(opts: {
  action: BulkAction; count: number; folderLabel: string; targetLabel: string; inTrash: boolean;
  search: string | undefined; url: string; cancelHref: string; fields: Field[];
}): ConfirmPage {
  const what = count(opts.count, 'message');
  const forGood = opts.action === 'delete' && opts.inTrash;
  const question = forGood ? `Delete ${what} from ${opts.folderLabel} for good?` : ALL_VERBS[opts.action](what, opts.folderLabel, opts.targetLabel);
  return {
    title: `${opts.count === 1 ? 'One message' : `All ${what}`}?`,
    question,
    details: [
      opts.search ? `These are all the messages ${opts.search}, on every page.` : `These are all the messages in ${opts.folderLabel}, on every page.`,
      ...(forGood ? ['Messages deleted from the Trash cannot be brought back.'] : []),
      'Mail that arrives meanwhile is left alone.',
    ],
    action: opts.url,
    fields: [...opts.fields, { name: 'confirm', value: 'yes' }],
    confirmLabel: forGood ? `Delete ${what} for good` : `Yes, ${what}`,
    cancelHref: opts.cancelHref,
  };
}

/** Emptying the Trash or Junk: how many messages (and unread ones) go for good. */
export function confirmEmpty(opts: { folderLabel: string; count: number; unseen: number; url: string; cancelHref: string; fields: Field[] }): ConfirmPage {
  const what = count(opts.count, 'message');
  return {
    title: `Empty ${opts.folderLabel}?`,
    question: `Delete ${opts.count === 1 ? 'the one message' : `all ${what}`} in ${opts.folderLabel} for good?`,
    details: [
      ...(opts.unseen ? [opts.unseen === 1 ? 'One of them is unread.' : `${opts.unseen} of them are unread.`] : []),
      `Messages deleted from ${opts.folderLabel} cannot be brought back. Mail that arrives meanwhile is kept.`,
    ],
    action: opts.url,
    fields: [...opts.fields, { name: 'confirm', value: 'yes' }],
    confirmLabel: `Empty ${opts.folderLabel}: delete ${what}`,
    cancelHref: opts.cancelHref,
  };
}

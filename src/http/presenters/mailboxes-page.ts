// View model of GET /mailboxes, the folder management page; also used to show a folder form again with the
// user's input and the error next to the field.
import { removalBlocker, withUsualNames } from '../../mail/folders/folder-rules.ts';
import type { MailboxSummary } from '../../mail/folders/mailboxes.ts';
import { mailboxUrl } from '../urls.ts';
import { folderLinks } from './folders.ts';

export interface FolderFormState {
  create?: { name: string; parent: string; error: string; field: 'name' | 'parent' };
  rename?: { path: string; name: string; error: string };
}

const USE_LABELS: Record<string, string> = {
  inbox: 'Inbox', drafts: 'Drafts', sent: 'Sent', archive: 'Archive', junk: 'Junk', trash: 'Trash', all: 'All mail', flagged: 'Flagged',
};

export function mailboxesPage(listed: MailboxSummary[], state: FolderFormState = {}) {
  // The same view of Archive, Junk and Trash that archive/junk/delete use, so a Trash we created is locked here.
  const folders = withUsualNames(listed);
  const renaming = state.rename;
  return {
    title: 'Folders',
    folders: folderLinks(folders, undefined),
    rows: folders.map((f) => {
      const base = mailboxUrl(f.path);
      return {
        path: f.path,
        name: f.name,
        depth: f.depth,
        href: f.selectable ? base : undefined,
        messages: f.messages,
        unseen: f.unseen,
        subscribed: f.subscribed === true,
        use: f.specialUse ? USE_LABELS[f.specialUse] : undefined,
        /** why it cannot be renamed or deleted (INBOX, special use, or holds one), shown instead of the forms */
        locked: removalBlocker(folders, f, 'delete'),
        renameAction: `${base}/rename`,
        deleteAction: `${base}/delete`,
        subscribeAction: `${base}/subscribe`,
        renameValue: renaming?.path === f.path ? renaming.name : f.name,
        renameError: renaming?.path === f.path ? renaming.error : undefined,
      };
    }),
    parents: [
      { value: '', label: '(top level)' },
      // Non-breaking spaces: the only indentation an <option> keeps.
      ...folders.map((f) => ({ value: f.path, label: `${'\u00a0\u00a0\u00a0'.repeat(f.depth)}${f.name}` })),
    ],
    create: {
      name: state.create?.name ?? '',
      parent: state.create?.parent ?? '',
      nameError: state.create?.field === 'name' ? state.create.error : undefined,
      parentError: state.create?.field === 'parent' ? state.create.error : undefined,
    },
  };
}

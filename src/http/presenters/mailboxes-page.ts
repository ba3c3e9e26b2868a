// View model of GET /mailboxes, the folder management page; also used to show a folder form again with the
// user's input and the error next to the field.
import { removalBlocker, withUsualNames } from '../../mail/folders/folder-rules.ts';
import type { MailboxSummary } from '../../mail/folders/mailboxes.ts';
import { msg } from '../i18n/translator.ts';
import { say, type Words } from '../i18n/user-text.ts';
import { mailboxUrl } from '../pages/urls.ts';
import { folderLinks } from './folders.ts';

export interface FolderFormState {
  create?: { name: string; parent: string; error: string; field: 'name' | 'parent' };
  rename?: { path: string; name: string; error: string };
}

const USE_LABELS: Record<string, string> = {
  inbox: msg('common:folderNames.inbox'), drafts: msg('common:folderNames.drafts'), sent: msg('common:folderNames.sent'),
  archive: msg('common:folderNames.archive'), junk: msg('common:folderNames.junk'), trash: msg('common:folderNames.trash'),
  all: msg('common:folderNames.all'), flagged: msg('common:folderNames.flagged'),
};

/** `listed` with the reader's names for the usual folders (i18n/user-text.ts localFolders). */
export function mailboxesPage(listed: MailboxSummary[], state: FolderFormState = {}, words: Words) {
  const { t } = words;
  // The same view of Archive, Junk and Trash that archive/junk/delete use, so a Trash we created is locked here.
  const folders = withUsualNames(listed);
  const renaming = state.rename;
  return {
    title: t('folders:title'),
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
        use: useLabel(f, t),
        /** why it cannot be renamed or deleted (INBOX, special use, or holds one), shown instead of the forms */
        locked: lockedWhy(folders, f, words),
        renameAction: `${base}/rename`,
        deleteAction: `${base}/delete`,
        subscribeAction: `${base}/subscribe`,
        renameValue: renaming?.path === f.path ? renaming.name : f.name,
        renameError: renaming?.path === f.path ? renaming.error : undefined,
      };
    }),
    parents: [
      { value: '', label: t('folders:create.topLevel') },
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

function lockedWhy(folders: MailboxSummary[], f: MailboxSummary, words: Words): string | undefined {
  const blocker = removalBlocker(folders, f, 'delete');
  return blocker ? say(blocker, words) : undefined;
}

/** What the folder is for, when its name does not say so already ("Sent Items" is Sent; "Sent" needs no badge). */
function useLabel(f: MailboxSummary, t: Words['t']): string | undefined {
  const label = f.specialUse ? t(USE_LABELS[f.specialUse]!) : undefined;
  return label && label.toLowerCase() !== f.name.toLowerCase() ? label : undefined;
}

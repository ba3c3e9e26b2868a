// The folder tree as the sidebar shows it: the folders the user subscribed to (RFC 3501 section 6.3.6: the
// subscription list is the user's choice of folders to see), INBOX and the special-use folders Postern files mail
// in, the folder being shown, and the parents needed to place any of those. Every folder, subscribed or not, is on
// the folder page (/mailboxes), where subscriptions are changed.
import type { MailboxSummary } from '../../mail/folders/mailboxes.ts';
import { mailboxUrl } from '../pages/urls.ts';

export interface FolderLink {
  name: string;
  path: string;
  href: string | undefined;
  depth: number;
  unseen: number;
  current: boolean;
  specialUse: string | undefined;
}

/** The folders of `folders` (in tree order) the sidebar shows. */
export function sidebarFolders(folders: MailboxSummary[], current: string | undefined): MailboxSummary[] {
  const shown = new Set<string>();
  for (const f of folders) {
    if (!(f.subscribed || f.specialUse || f.path === current)) continue;
    shown.add(f.path);
    // The parents, even unsubscribed ones: a child shown without them would sit under the wrong folder.
    for (let cut = f.delimiter ? f.path.lastIndexOf(f.delimiter) : -1; cut > 0; cut = f.path.lastIndexOf(f.delimiter, cut - 1)) {
      shown.add(f.path.slice(0, cut));
    }
  }
  return folders.filter((f) => shown.has(f.path));
}

export function folderLinks(folders: MailboxSummary[], current: string | undefined): FolderLink[] {
  return sidebarFolders(folders, current).map((f) => ({
    name: f.name,
    path: f.path,
    href: f.selectable ? mailboxUrl(f.path) : undefined,
    depth: f.depth,
    unseen: f.unseen,
    current: f.path === current,
    specialUse: f.specialUse,
  }));
}

export function folderTitle(folders: MailboxSummary[], path: string): string {
  return folders.find((f) => f.path === path)?.name ?? path;
}

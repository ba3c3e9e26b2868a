// The folder tree as the sidebar shows it.
import type { MailboxSummary } from '../../mail/mailboxes.ts';
import { mailboxUrl } from '../urls.ts';

export interface FolderLink {
  name: string;
  path: string;
  href: string | undefined;
  depth: number;
  unseen: number;
  current: boolean;
  specialUse: string | undefined;
}

export function folderLinks(folders: MailboxSummary[], current: string | undefined): FolderLink[] {
  return folders.map((f) => ({
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

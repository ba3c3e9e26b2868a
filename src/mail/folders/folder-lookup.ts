// Finding one folder by path in the server's LIST answer, and naming it for people. Used before acting on a
// folder, so a typo'd or vanished target is a clear "no such folder" instead of a server NO without context.
import { withUsualNames } from './folder-rules.ts';
import { buildFolderTree, type MailboxSummary } from './folder-tree.ts';
import { MailError } from '../errors/mail-errors.ts';
import { userText, type FolderRef } from '../errors/user-text.ts';
import type { ImapClient } from '../connection/mail-session.ts';

/** The folder tree (with Archive, Junk and Trash found by name where unflagged): one plain LIST, plus message counts (LIST-STATUS, or STATUS per folder) only when asked. */
export async function listFolders(client: ImapClient, opts: { counts?: boolean } = {}): Promise<MailboxSummary[]> {
  const listed = await client.list(opts.counts ? { statusQuery: { messages: true, unseen: true } } : {});
  return withUsualNames(buildFolderTree(listed, namespacePrefix(client)));
}

export function namespacePrefix(client: ImapClient): string {
  return client.namespace?.prefix ?? '';
}

/** INBOX is case-insensitive (RFC 3501 section 5.1); every other name is compared exactly. */
export function samePath(a: string, b: string): boolean {
  return a === b || (a.toUpperCase() === 'INBOX' && b.toUpperCase() === 'INBOX');
}

export function findIn(tree: MailboxSummary[], path: string): MailboxSummary | undefined {
  return tree.find((f) => samePath(f.path, path));
}

export async function requireFolder(client: ImapClient, path: string, opts: { counts?: boolean } = {}): Promise<{ folder: MailboxSummary; tree: MailboxSummary[] }> {
  const tree = await listFolders(client, opts);
  const folder = findIn(tree, path);
  if (!folder) {
    const label = folderLabel(path, namespacePrefix(client));
    throw new MailError('not-found', userText('mail:folders.none', `There is no folder named "${label}".`, { folder: folderRef(path, namespacePrefix(client)) }));
  }
  return { folder, tree };
}

/** The path as people know it: "Inbox", and without the personal namespace prefix (Courier's "INBOX."). */
export function folderLabel(path: string, prefix: string): string {
  if (path.toUpperCase() === 'INBOX') return 'Inbox';
  return prefix && path.startsWith(prefix) && path.length > prefix.length ? path.slice(prefix.length) : path;
}

/**
 * The folder for a sentence to people: its label, and its special use when it is a top-level folder (INBOX, a
 * Trash), whose usual name a page shows in the reader's language. Nested folders are always named as they are.
 */
export function folderRef(path: string, prefix: string, folder?: MailboxSummary): FolderRef {
  const label = folderLabel(path, prefix);
  const use = path.toUpperCase() === 'INBOX' ? 'inbox' : folder?.depth === 0 ? folder.specialUse : undefined;
  return use ? { label, use } : { label };
}

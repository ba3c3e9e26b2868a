// Creating, renaming, deleting and (un)subscribing folders. The hierarchy delimiter always comes from the server's
// LIST answer, never assumed; names go to imapflow as Unicode and it applies modified UTF-7 (RFC 3501 section
// 5.1.3) or sends UTF-8 when the server accepts it. Each change forgets the cached special folders.
import { childPath, descendantsOf, leafNameProblem, removalBlocker, renamedPath, subscriptionMoves } from './folder-rules.ts';
import { findIn, folderLabel, folderRef, listFolders, namespacePrefix, requireFolder } from './folder-lookup.ts';
import type { MailboxSummary } from './folder-tree.ts';
import { MailError, asMailError } from '../errors/mail-errors.ts';
import { userText, type FolderRef } from '../errors/user-text.ts';
import type { ImapClient, MailSession } from '../connection/mail-session.ts';
import { refusedUnless } from '../organizing/message-set.ts';
import { Refused } from '../errors/refused.ts';
import { forgetMailboxes } from './mailboxes.ts';

/** A folder that was changed, as a page names it (folder-lookup.ts folderRef). */
export interface FolderChange extends FolderRef {
  path: string;
}

export function createFolder(session: MailSession, name: string, parent?: string): Promise<FolderChange> {
  return session.withClient(async (client) => {
    const prefix = namespacePrefix(client);
    const tree = await listFolders(client);
    const inside = parent ? findIn(tree, parent) : undefined;
    if (parent && !inside) {
      throw new MailError('not-found', userText('mail:folders.noParent', `There is no folder named "${folderLabel(parent, prefix)}" to create the new folder in.`,
        { folder: folderRef(parent, prefix) }));
    }
    if (inside && !inside.delimiter) {
      throw new Refused('unusable-folder', userText('mail:folders.flat', 'This mail server keeps all folders at one level: it cannot put a folder inside another.'));
    }
    const delimiter = inside?.delimiter ?? client.namespace?.delimiter ?? tree[0]?.delimiter ?? '';
    const problem = leafNameProblem(name, delimiter);
    if (problem) throw new Refused('invalid-name', problem);
    const path = childPath(inside, name);
    const made = await client.mailboxCreate(path);
    const label = folderLabel(made.path, prefix);
    if (made.created === false) throw new MailError('exists', userText('mail:folders.exists', `A folder named "${label}" already exists.`, { folder: folderRef(made.path, prefix) }));
    forgetMailboxes(session);
    return { path: made.path, label };
  }, { retry: false });
}

export interface FolderRename {
  from: FolderChange;
  to: FolderChange;
  changed: boolean;
  /** the rename happened, but the server refused to move a subscription along with it */
  subscriptionsLost: boolean;
}

/**
 * Renames the folder's leaf in place; the server moves its subfolders along (RFC 3501 section 6.3.5), and we move
 * their subscriptions, which the server leaves on the old names.
 */
export function renameFolder(session: MailSession, path: string, name: string): Promise<FolderRename> {
  return session.withClient(async (client) => {
    const prefix = namespacePrefix(client);
    const { folder, tree } = await requireFolder(client, path);
    const blocker = removalBlocker(tree, folder, 'rename');
    if (blocker) throw new Refused('protected', blocker);
    const problem = leafNameProblem(name, folder.delimiter);
    if (problem) throw new Refused('invalid-name', problem);
    const newPath = renamedPath(folder, name);
    const from = { path: folder.path, ...folderRef(folder.path, prefix, folder) };
    if (newPath === folder.path) return { from, to: from, changed: false, subscriptionsLost: false };
    if (findIn(tree, newPath)) {
      throw new MailError('exists', userText('mail:folders.exists', `A folder named "${folderLabel(newPath, prefix)}" already exists.`, { folder: folderRef(newPath, prefix) }));
    }
    const renamed = await client.mailboxRename(folder.path, newPath);
    forgetMailboxes(session);
    const lost = await moveSubscriptions(client, subscriptionMoves(tree, folder, renamed.newPath));
    return { from, to: { path: renamed.newPath, label: folderLabel(renamed.newPath, prefix) }, changed: true, subscriptionsLost: lost };
  }, { retry: false });
}

/** Subscribes each new path and drops the old one; true when the server refused any of it. The rename stands either way. */
async function moveSubscriptions(client: ImapClient, moves: [string, string][]): Promise<boolean> {
  let lost = false;
  for (const [from, to] of moves) {
    try {
      if (!(await client.mailboxSubscribe(to))) lost = true;
      await client.mailboxUnsubscribe(from);
    } catch (err) {
      // Even a dropped connection must not turn a rename that happened into an error page.
      if (!asMailError(err)) throw err;
      return true;
    }
  }
  return lost;
}

export interface FolderDeletion extends FolderChange {
  /** messages in the folder itself */
  messages: number;
  /** subfolders at any depth, and the messages in them */
  subfolders: FolderChange[];
  subfolderMessages: number;
}

/** What deleting `path` would remove, for the confirm page (counts from STATUS). */
export function folderDeletionPlan(session: MailSession, path: string): Promise<FolderDeletion> {
  return session.withClient(async (client) => {
    const { folder, tree } = await requireFolder(client, path, { counts: true });
    const blocker = removalBlocker(tree, folder, 'delete');
    if (blocker) throw new Refused('protected', blocker);
    return deletionOf(folder, descendantsOf(tree, folder), namespacePrefix(client));
  });
}

/** Deletes the folder and every folder inside it, innermost first (most servers refuse to delete a parent first). */
export async function deleteFolder(session: MailSession, path: string): Promise<FolderDeletion> {
  const { folder, inner, prefix } = await session.withClient(async (client) => {
    const { folder, tree } = await requireFolder(client, path);
    const blocker = removalBlocker(tree, folder, 'delete');
    if (blocker) throw new Refused('protected', blocker);
    return { folder, inner: descendantsOf(tree, folder), prefix: namespacePrefix(client) };
  });
  // One call per DELETE, each with its own deadline: Courier sleeps 2 s inside every DELETE, so a folder with a
  // dozen subfolders would outlast one IMAP_TIMEOUT_SECONDS for the lot. A deadline passed half-way leaves the
  // rest for the next try, which finds fewer folders to delete.
  try {
    for (const f of [...inner, folder]) await session.withClient((client) => deleteOne(client, f), { retry: false });
  } finally {
    forgetMailboxes(session);
  }
  return deletionOf(folder, inner, prefix);
}

export function setSubscribed(session: MailSession, path: string, subscribed: boolean): Promise<FolderChange> {
  return session.withClient(async (client) => {
    const { folder } = await requireFolder(client, path);
    const ref = folderRef(folder.path, namespacePrefix(client), folder);
    const done = subscribed ? await client.mailboxSubscribe(folder.path) : await client.mailboxUnsubscribe(folder.path);
    refusedUnless(done, userText('mail:folders.subscribeRefused', `The mail server refused to ${subscribed ? 'subscribe to' : 'unsubscribe from'} ${ref.label}.`,
      { folder: ref, subscribed: subscribed ? 'yes' : 'no' }));
    return { path: folder.path, ...ref };
  });
}

async function deleteOne(client: ImapClient, folder: MailboxSummary): Promise<void> {
  try {
    await client.mailboxDelete(folder.path);
  } catch (err) {
    // Already gone (another client, or a retry after a lost answer) is what we wanted.
    if (asMailError(err)?.kind !== 'not-found') throw err;
  }
}

function deletionOf(folder: MailboxSummary, inner: MailboxSummary[], prefix: string): FolderDeletion {
  return {
    path: folder.path,
    ...folderRef(folder.path, prefix, folder),
    messages: folder.messages,
    subfolders: inner.map((f) => ({ path: f.path, ...folderRef(f.path, prefix, f) })),
    subfolderMessages: inner.reduce((sum, f) => sum + f.messages, 0),
  };
}

// Folder listing. One LIST (with LIST-STATUS where the server has it, STATUS per folder otherwise: imapflow picks)
// gives the tree and the unread counts. The answer is kept per connection for a few seconds (DESIGN.md: cached
// STATUS for the folder list), so reading message after message does not repeat it, and dropped as soon as
// Postern itself changes anything (forgetMailboxes). Pages where people look for new mail (the mailbox list, the
// folder page) ask with maxAgeMs 0.
import type { MailSession } from '../connection/mail-session.ts';
import { buildFolderTree, type MailboxSummary } from './folder-tree.ts';

export type { MailboxSummary, SpecialUse } from './folder-tree.ts';
export { findSpecialUse } from './folder-tree.ts';

/** How stale the sidebar's unread counts may be when nothing here changed: mail from elsewhere shows this late. */
export const FOLDER_LIST_MAX_AGE_MS = 15_000;

const cache = new WeakMap<MailSession, { at: number; tree: Promise<MailboxSummary[]> }>();

export async function listMailboxes(session: MailSession, opts: { maxAgeMs?: number } = {}): Promise<MailboxSummary[]> {
  const maxAge = opts.maxAgeMs ?? FOLDER_LIST_MAX_AGE_MS;
  const kept = cache.get(session);
  if (kept && Date.now() - kept.at <= maxAge) return kept.tree;
  const tree = session.withClient(async (client) => {
    const listed = await client.list({ statusQuery: { messages: true, unseen: true } });
    return buildFolderTree(listed, client.namespace?.prefix ?? '');
  });
  const entry = { at: Date.now(), tree };
  cache.set(session, entry);
  tree.catch(() => {
    if (cache.get(session) === entry) cache.delete(session);
  });
  return tree;
}

/** Call after anything that changes folders or counts, so the next page lists them afresh. */
export function forgetMailboxes(session: MailSession): void {
  cache.delete(session);
}

// Folder listing. One LIST (with LIST-STATUS where the server has it, STATUS per folder otherwise: imapflow picks)
// gives the tree and the unread counts. The answer is kept in the session's cache (cache/folder-counts.ts): the
// selected mailbox's counts follow what the server reports on the connection, the others are asked again when the
// tree is older than the caller allows. Pages pass FOLDER_COUNTS_SECONDS; anything Postern changes in a way the
// tree cannot follow forgets it (forgetMailboxes), so the page after a write lists the folders afresh.
import type { MailSession } from '../connection/mail-session.ts';
import { buildFolderTree, type MailboxSummary } from './folder-tree.ts';

export type { MailboxSummary, SpecialUse } from './folder-tree.ts';
export { findSpecialUse } from './folder-tree.ts';

/** How stale other folders' counts may be when a caller does not say (FOLDER_COUNTS_SECONDS sets the pages'). */
export const FOLDER_LIST_MAX_AGE_MS = 15_000;

export interface ListOptions {
  /** how old the other folders' counts may be; 0 asks the server now, Infinity takes any tree there is */
  maxAgeMs?: number;
  /** the session's own upkeep (refreshing counts for the push channel) */
  background?: boolean;
}

export async function listMailboxes(session: MailSession, opts: ListOptions = {}): Promise<MailboxSummary[]> {
  const counts = session.cache.counts;
  const maxAge = opts.maxAgeMs ?? FOLDER_LIST_MAX_AGE_MS;
  const kept = maxAge === Infinity ? counts.any() : counts.fresh(maxAge);
  if (kept) return kept;
  const tree = await counts.ask(() => session.withClient(async (client) => {
    const listed = await client.list({ statusQuery: { messages: true, unseen: true } });
    return buildFolderTree(listed, client.namespace?.prefix ?? '');
    // Dovecot answers STATUS of the selected mailbox from the connection's view: bring it up to date first.
  }, { fresh: true, ...(opts.background ? { background: true } : {}) }));
  session.cache.publishCounts(tree);
  return tree;
}

/** Call after anything that changes folders or counts in a way the cache cannot follow. */
export function forgetMailboxes(session: MailSession): void {
  session.cache.forgetCounts();
}

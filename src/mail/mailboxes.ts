// Folder listing. One LIST (with LIST-STATUS where the server has it, STATUS per folder otherwise: imapflow picks)
// gives the tree and the unread counts.
import type { MailSession } from './mail-session.ts';
import { buildFolderTree, type MailboxSummary } from './folder-tree.ts';

export type { MailboxSummary, SpecialUse } from './folder-tree.ts';
export { findSpecialUse } from './folder-tree.ts';

export async function listMailboxes(session: MailSession): Promise<MailboxSummary[]> {
  return session.withClient(async (client) => {
    const listed = await client.list({ statusQuery: { messages: true, unseen: true } });
    const prefix = client.namespace?.prefix ?? '';
    return buildFolderTree(listed, prefix);
  });
}

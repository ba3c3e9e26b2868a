// Where this user's Sent, Drafts, Trash, Junk and Archive are. Found once per connection from LIST (RFC 6154
// flags, or well-known names when the server flags nothing) and kept until a folder is created, renamed or
// deleted, so sending or deleting does not cost a LIST each time.
import { listMailboxes, type MailboxSummary, type SpecialUse } from './mailboxes.ts';
import type { MailSession } from './mail-session.ts';

const cache = new WeakMap<MailSession, Promise<MailboxSummary[]>>();

export async function specialFolder(session: MailSession, use: SpecialUse): Promise<string | undefined> {
  let tree = cache.get(session);
  if (!tree) {
    tree = listMailboxes(session);
    cache.set(session, tree);
    tree.catch(() => cache.delete(session));
  }
  return (await tree).find((m) => m.specialUse === use)?.path;
}

/** Call after creating, renaming or deleting a folder. */
export function forgetSpecialFolders(session: MailSession): void {
  cache.delete(session);
}

// Removing exactly the given messages from the selected mailbox, and nothing else.
//
// With UIDPLUS that is \Deleted + UID EXPUNGE of their set (RFC 4315 section 2.1). Without it, EXPUNGE and CLOSE
// remove *every* \Deleted message, including ones another client (or the user, in a client that hides rather
// than expunges) marked and meant to keep until it expunges itself. RFC 4315 section 1 describes exactly this
// hazard and offers no alternative, so we do what careful clients do: take the \Deleted flag off the other
// messages, expunge, and put it back. Another client that sets \Deleted in the few milliseconds between our
// SEARCH and our CLOSE can still lose that message; there is no way to close that gap without UIDPLUS.
import { MailError } from '../errors/mail-errors.ts';
import type { ImapClient } from '../connection/mail-session.ts';
import { refusedUnless } from './message-set.ts';
import { userText } from '../errors/user-text.ts';
import { toUidSet, toUidSets } from '../finding/uid-set.ts';

export interface ExpungeOptions {
  /** use UID EXPUNGE; pass client.capabilities.has('UIDPLUS') (tests pass false to exercise the other path) */
  uidplus: boolean;
}

const SILENT = { uid: true, silent: true };
const REMOVE_REFUSED = userText('mail:refusedRemove', 'The mail server refused to remove the messages.');
const SEARCH_REFUSED = userText('mail:refusedSearch', 'The mail server refused to search the folder.');

/** Removes exactly `uids` (one command's worth: see chunkUids) from the mailbox the client has selected. */
export async function expungeExactly(client: ImapClient, uids: readonly number[], opts: ExpungeOptions): Promise<void> {
  if (uids.length === 0) return;
  const set = toUidSet(uids);
  if (opts.uidplus && client.capabilities.has('UIDPLUS')) {
    // imapflow's messageDelete is STORE +FLAGS.SILENT (\Deleted) then UID EXPUNGE of the same set.
    refusedUnless(await client.messageDelete(set, SILENT), REMOVE_REFUSED);
    return;
  }
  await expungeProtectingOthers(client, uids, set);
}

async function expungeProtectingOthers(client: ImapClient, uids: readonly number[], set: string): Promise<void> {
  const path = client.mailbox ? client.mailbox.path : undefined;
  if (!path) throw new MailError('unavailable', userText('mail:noOpenFolder', 'No folder is open to remove messages from.'));
  const ours = new Set(uids);
  const deleted = refusedUnless(await client.search({ deleted: true }, { uid: true }), SEARCH_REFUSED);
  const others = deleted.filter((uid) => !ours.has(uid));
  try {
    for (const part of toUidSets(others)) {
      refusedUnless(await client.messageFlagsRemove(part, ['\\Deleted'], SILENT), userText('mail:refusedProtect', 'The mail server refused to protect other messages marked for deletion; nothing was removed.'));
    }
    refusedUnless(await client.messageFlagsAdd(set, ['\\Deleted'], SILENT), userText('mail:refusedMark', 'The mail server refused to mark the messages for removal.'));
    // CLOSE is plain RFC 3501 (section 6.4.2): it expunges every \Deleted message, which are now only ours, and
    // unlike a bare EXPUNGE it is reachable through imapflow's public API. It deselects the folder, so reopen it.
    refusedUnless(await client.mailboxClose(), REMOVE_REFUSED);
  } finally {
    if (others.length) {
      // If this fails the other messages merely lose their \Deleted mark: nothing is lost.
      if (!client.mailbox) await client.mailboxOpen(path);
      for (const part of toUidSets(others)) await client.messageFlagsAdd(part, ['\\Deleted'], SILENT);
    }
  }
  if (!client.mailbox) await client.mailboxOpen(path);
}

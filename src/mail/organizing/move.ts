// Moving, copying and removing messages by UID.
//
// UID MOVE (RFC 6851) where the server has it. Without MOVE (Courier) imapflow would emulate it itself, but its
// emulation ends in a plain EXPUNGE when UIDPLUS is missing too, which also removes other \Deleted messages; so
// the fallback is ours (moveByCopy): UID COPY, then expungeExactly, one UID set at a time, so a failure half-way
// leaves each message either moved or untouched, never only copied and removed.
// Moves and expunges may be retried on a fresh connection (the UID SEARCH first finds what is still here, so
// nothing is moved twice); a copy may not, as a retry after a lost answer would copy the messages twice.
import { expungeExactly, type ExpungeOptions } from './expunge.ts';
import type { ActionCount } from './flags.ts';
import { folderRef, namespacePrefix, requireFolder, samePath } from '../folders/folder-lookup.ts';
import type { ImapClient, MailSession } from '../connection/mail-session.ts';
import { existingUids, refusedUnless } from './message-set.ts';
import { Refused } from '../errors/refused.ts';
import { userText, type FolderRef } from '../errors/user-text.ts';
import { chunkUids, toUidSet } from '../finding/uid-set.ts';

/** `label`: the target folder as people know it ("Archive", "Projects/Postern"), and its use (folderRef). */
export interface FiledCount extends ActionCount, FolderRef {}

export function moveMessages(session: MailSession, from: string, uids: readonly number[], to: string): Promise<FiledCount> {
  // Their texts go whatever the server reports: a moved message is not read here again.
  session.cache.forgetTexts(from, uids);
  return session.withMailbox(from, async (client) => {
    const target = await checkTarget(client, from, to, 'move');
    const present = await existingUids(client, uids);
    const canMove = client.capabilities.has('MOVE');
    for (const chunk of chunkUids(present)) {
      if (canMove) {
        refusedUnless(await client.messageMove(toUidSet(chunk), to, { uid: true }),
          userText('mail:refusedMove', `The mail server refused to move the messages to ${target.label}.`, { folder: target }));
      } else {
        await moveByCopy(client, chunk, to, { uidplus: client.capabilities.has('UIDPLUS') });
      }
    }
    return { done: present.length, missing: new Set(uids).size - present.length, ...target };
  });
}

export function copyMessages(session: MailSession, from: string, uids: readonly number[], to: string): Promise<FiledCount> {
  return session.withMailbox(from, async (client) => {
    const target = await checkTarget(client, from, to, 'copy');
    const present = await existingUids(client, uids);
    for (const chunk of chunkUids(present)) {
      refusedUnless(await client.messageCopy(toUidSet(chunk), to, { uid: true }),
        userText('mail:refusedCopy', `The mail server refused to copy the messages to ${target.label}.`, { folder: target }));
    }
    return { done: present.length, missing: new Set(uids).size - present.length, ...target };
  }, { retry: false });
}

/**
 * MOVE for servers without it (RFC 6851 section 3.3 describes the same steps): UID COPY, then remove exactly the
 * copied messages from the selected mailbox. Exported so tests can run it against a server that has MOVE.
 */
export async function moveByCopy(client: ImapClient, uids: readonly number[], to: string, opts: ExpungeOptions): Promise<void> {
  for (const chunk of chunkUids(uids)) {
    // A failed COPY must leave the source alone, or the messages would be gone from both folders.
    refusedUnless(await client.messageCopy(toUidSet(chunk), to, { uid: true }),
      userText('mail:refusedMoveCopy', 'The mail server refused to copy the messages; nothing was removed.'));
    await expungeExactly(client, chunk, opts);
  }
}

/** Removes the messages for good (\Deleted + UID EXPUNGE of exactly these): what "delete" means in the Trash. */
export function expungeMessages(session: MailSession, mailbox: string, uids: readonly number[]): Promise<ActionCount> {
  session.cache.forgetTexts(mailbox, uids);
  return session.withMailbox(mailbox, async (client) => {
    const present = await existingUids(client, uids);
    for (const chunk of chunkUids(present)) await expungeExactly(client, chunk, { uidplus: client.capabilities.has('UIDPLUS') });
    return { done: present.length, missing: new Set(uids).size - present.length };
  });
}

async function checkTarget(client: ImapClient, from: string, to: string, verb: 'move' | 'copy'): Promise<FolderRef> {
  const { folder } = await requireFolder(client, to);
  const target = folderRef(folder.path, namespacePrefix(client), folder);
  if (samePath(from, folder.path)) {
    throw new Refused('same-folder', userText('mail:sameFolder', `The messages are already in ${target.label}: choose another folder to ${verb} them to.`, { folder: target, verb }));
  }
  if (!folder.selectable) throw new Refused('unusable-folder', userText('mail:noSelect', `${target.label} only holds other folders, not messages.`, { folder: target }));
  return target;
}

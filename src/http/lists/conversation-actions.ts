// What an action on a whole conversation (the conversation view's bar, a row of the list of conversations: the form
// says conversation=1) does to the user's own messages in Sent that the view shows beside the folder's. Like Gmail:
//   - mark read, unflag, add or remove a label: all of them, as the reader sees the conversation as one thing;
//   - delete: the Sent copies go to the Trash too (the user wants the conversation gone), except from the Trash
//     itself, where delete is for good and reaches only what the Trash holds;
//   - archive, move, copy, junk: the folder's messages only. Folders are not labels: a Sent copy moved to the
//     Archive is gone from Sent in every mail program, and Sent is the record of what the user sent. The view finds
//     them in Sent wherever the conversation goes, so it still shows them;
//   - mark unread, flag: the folder's messages only (the user's own mail is never new; the flag marks what the
//     folder holds, as the list's flag does).
import type { Response } from 'express';
import { samePath } from '../../mail/folders/folder-lookup.ts';
import { withUsualNames } from '../../mail/folders/folder-rules.ts';
import { ownReplyUids } from '../../mail/threads/own-replies.ts';
import { mailSessionOf } from '../sessions/auth.ts';
import type { BulkAction } from '../forms/forms.ts';
import { shownFolders } from './shown-folders.ts';

export const REACHES_SENT: ReadonlySet<BulkAction> = new Set<BulkAction>(['seen', 'unflag', 'label', 'unlabel', 'delete']);

export interface OwnReplies {
  mailbox: string;
  uids: number[];
}

/** The Sent messages `action` on the conversations of `uids` reaches besides them; undefined when none. */
export async function ownRepliesFor(res: Response, mailbox: string, action: BulkAction, uids: readonly number[]): Promise<OwnReplies | undefined> {
  if (!REACHES_SENT.has(action) || !uids.length) return undefined;
  const folders = withUsualNames(await shownFolders(res));
  const sent = folders.find((f) => f.specialUse === 'sent')?.path;
  if (!sent || samePath(sent, mailbox)) return undefined;
  const trash = folders.find((f) => f.specialUse === 'trash')?.path;
  if (action === 'delete' && trash && samePath(trash, mailbox)) return undefined;
  const found = await ownReplyUids(mailSessionOf(res), mailbox, uids, sent);
  return found.length ? { mailbox: sent, uids: found } : undefined;
}

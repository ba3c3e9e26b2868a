// The Reply / Reply all / Forward links of the message page, and "Edit draft" for a message in Drafts. They carry
// the list the message was opened from, so the message shown after sending leads back to it.
import type { MailboxSummary } from '../../mail/folders/mailboxes.ts';
import { messageHref, type ListState } from '../lists/list-state.ts';

export function replyLinks(folders: MailboxSummary[], mailbox: string, uid: number, list: ListState) {
  const inDrafts = folders.some((f) => f.path === mailbox && f.specialUse === 'drafts');
  return {
    replyHref: messageHref(mailbox, uid, list, 'reply'),
    replyAllHref: messageHref(mailbox, uid, list, 'reply-all'),
    forwardHref: messageHref(mailbox, uid, list, 'forward'),
    editDraftHref: inDrafts ? `/compose?draft=${uid}` : undefined,
  };
}

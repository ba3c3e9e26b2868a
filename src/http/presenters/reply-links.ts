// The Reply / Reply all / Forward links of the message page, and "Edit draft" for a message in Drafts.
import type { MailboxSummary } from '../../mail/mailboxes.ts';
import { messageUrl } from '../urls.ts';

export function replyLinks(folders: MailboxSummary[], mailbox: string, uid: number) {
  const inDrafts = folders.some((f) => f.path === mailbox && f.specialUse === 'drafts');
  return {
    replyHref: messageUrl(mailbox, uid, 'reply'),
    replyAllHref: messageUrl(mailbox, uid, 'reply-all'),
    forwardHref: messageUrl(mailbox, uid, 'forward'),
    editDraftHref: inDrafts ? `/compose?draft=${uid}` : undefined,
  };
}

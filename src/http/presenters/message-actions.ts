// The organize part of the message page's view model: where its flag, move, archive/junk and delete forms post.
// Archive and junk go through the bulk route with this one UID; DESIGN.md has no single-message route for them.
import { withUsualNames } from '../../mail/folders/folder-rules.ts';
import type { MailboxSummary } from '../../mail/folders/mailboxes.ts';
import { mailboxUrl, messageUrl } from '../pages/urls.ts';

export function messageActions(folders: MailboxSummary[], mailbox: string, uid: number) {
  const use = withUsualNames(folders).find((f) => f.path === mailbox)?.specialUse;
  return {
    flagsAction: messageUrl(mailbox, uid, 'flags'),
    moveAction: messageUrl(mailbox, uid, 'move'),
    deleteAction: messageUrl(mailbox, uid, 'delete'),
    bulkAction: `${mailboxUrl(mailbox)}/messages`,
    canArchive: use !== 'archive',
    canJunk: use !== 'junk',
    inTrash: use === 'trash',
    targets: folders.filter((f) => f.selectable && f.path !== mailbox).map((f) => ({ path: f.path, name: f.name, depth: f.depth })),
  };
}

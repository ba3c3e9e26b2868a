// View model of GET /mailbox/:mailbox.
import type { MailboxSummary } from '../../mail/mailboxes.ts';
import type { MessagePage } from '../../mail/messages.ts';
import { displayName, formatAddressList } from '../../mime/addresses.ts';
import { formatSize } from '../../mime/format.ts';
import { mailboxUrl, messageUrl } from '../urls.ts';
import { fullDate, shortDate } from './dates.ts';
import { folderLinks, folderTitle } from './folders.ts';

export function mailboxPage(folders: MailboxSummary[], page: MessagePage, now: Date) {
  const here = folders.find((f) => f.path === page.mailbox);
  // In Sent and Drafts the interesting party is the recipient.
  const showRecipient = here?.specialUse === 'sent' || here?.specialUse === 'drafts';
  const link = (p: number) => (p >= 1 && p <= page.pageCount && p !== page.page ? mailboxUrl(page.mailbox, { page: p === 1 ? undefined : p }) : undefined);
  return {
    title: folderTitle(folders, page.mailbox),
    mailbox: page.mailbox,
    bulkAction: `${mailboxUrl(page.mailbox)}/messages`,
    folders: folderLinks(folders, page.mailbox),
    total: page.total,
    rows: page.messages.map((m) => {
      const party = showRecipient ? m.to : m.from;
      return {
        uid: m.uid,
        href: messageUrl(page.mailbox, m.uid),
        party: (showRecipient ? 'To: ' : '') + (party.map(displayName).join(', ') || '(unknown)'),
        partyTitle: formatAddressList(party),
        subject: m.subject.trim() || '(no subject)',
        date: shortDate(m.date, now),
        dateTitle: fullDate(m.date),
        size: formatSize(m.size),
        unread: !m.seen,
        flagged: m.flagged,
        answered: m.answered,
        hasAttachment: m.hasAttachment,
      };
    }),
    pagination: {
      page: page.page,
      pageCount: page.pageCount,
      first: link(1),
      prev: link(page.page - 1),
      next: link(page.page + 1),
      last: link(page.pageCount),
    },
  };
}

// View model of GET /message/:mailbox/:uid: headers, attachment list and the address of the body frame.
import type { MailboxSummary } from '../../mail/mailboxes.ts';
import type { MessageView } from '../../mail/messages.ts';
import { formatAddressList } from '../../mime/addresses.ts';
import { mailboxUrl, messageUrl, partUrl } from '../urls.ts';
import { folderLinks } from './folders.ts';
import type { Formats } from './formats.ts';
import { messageActions } from './message-actions.ts';
import { replyLinks } from './reply-links.ts';

export function messagePage(folders: MailboxSummary[], view: MessageView, opts: { remote: boolean; fmt: Formats }) {
  const headers = [
    { label: 'From', value: formatAddressList(view.from) },
    { label: 'To', value: formatAddressList(view.to) },
    { label: 'Cc', value: formatAddressList(view.cc) },
    { label: 'Reply-To', value: formatAddressList(view.replyTo) },
    { label: 'Date', value: opts.fmt.dates.full(view.date) },
  ].filter((h) => h.value);
  const hasHtml = view.plan.display.some((d) => d.kind === 'html');
  return {
    title: view.subject.trim() || '(no subject)',
    mailbox: view.mailbox,
    uid: view.uid,
    folders: folderLinks(folders, view.mailbox),
    backHref: mailboxUrl(view.mailbox),
    headers,
    flagged: view.flagged,
    seen: view.seen,
    organize: messageActions(folders, view.mailbox, view.uid),
    reply: replyLinks(folders, view.mailbox, view.uid),
    bodyHref: messageUrl(view.mailbox, view.uid, opts.remote ? 'body?remote=1' : 'body'),
    remoteHref: hasHtml && !opts.remote ? `${messageUrl(view.mailbox, view.uid)}?remote=1` : undefined,
    rawHref: messageUrl(view.mailbox, view.uid, 'raw'),
    attachments: view.plan.attachments.filter((a) => !a.inline || !a.contentId).map((a) => ({
      name: a.filename,
      type: a.type,
      size: opts.fmt.size(a.size),
      href: partUrl(view.mailbox, view.uid, a.part),
    })),
  };
}

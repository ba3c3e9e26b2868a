// View model of GET /conversation/:mailbox/:uid: the messages of one thread in date order, the user's own replies
// from Sent among them, each a <details> (the newest and those that were unread open; the rest closed, so their
// body frames load only when opened) with its quoted text collapsed in the body frame (folded-quotes.ts). The
// action bar is the mailbox page's (bulk-actions.ejs) posting every UID of the conversation in this folder, so
// archive, delete, mark read, move and labels act on the whole conversation through the one bulk route.
import { withUsualNames } from '../../mail/folders/folder-rules.ts';
import type { MailboxSummary } from '../../mail/folders/mailboxes.ts';
import type { Conversation } from '../../mail/threads/conversation.ts';
import { formatAddressList } from '../../mime/addresses.ts';
import { chipsFor, type ShownLabel } from '../lists/labels.ts';
import { listHref, listToken, messageHref, PLAIN_LIST, type ListState } from '../lists/list-state.ts';
import { mailboxUrl, messageUrl } from '../pages/urls.ts';
import { folderLinks } from './folders.ts';
import type { Formats } from './formats.ts';
import { replyLinks } from './reply-links.ts';

export interface ConversationPageOptions {
  fmt: Formats;
  list: ListState;
  labels: readonly ShownLabel[];
}

export function conversationPage(folders: MailboxSummary[], conv: Conversation, opts: ConversationPageOptions) {
  const { t } = opts.fmt;
  const named = withUsualNames(folders);
  const nameOf = (path: string) => named.find((f) => f.path === path)?.name ?? path;
  const here = conv.messages.filter((m) => m.mailbox === conv.mailbox);
  const newest = here[here.length - 1] ?? conv.messages[conv.messages.length - 1];
  const wasUnread = new Set(conv.unread);
  const last = conv.messages.length - 1;
  return {
    title: newest?.subject.trim() || t('common:noSubject'),
    mailbox: conv.mailbox,
    folders: folderLinks(folders, conv.mailbox),
    backHref: listHref(conv.mailbox, opts.list, { focus: newest?.uid }),
    count: t('message:conversation.count', { count: conv.messages.length }),
    leftOut: conv.leftOut ? t('message:conversation.leftOut', { count: conv.leftOut }) : undefined,
    messages: conv.messages.map((m, i) => {
      const own = m.mailbox === conv.mailbox;
      const list = own ? opts.list : PLAIN_LIST;
      return {
        id: `c-${own ? '' : 's'}${m.uid}`,
        from: m.from.map((a) => a.name || a.address).join(', ') || t('mailbox:row.unknown'),
        fromTitle: formatAddressList(m.from),
        to: formatAddressList(m.to),
        cc: formatAddressList(m.cc),
        date: opts.fmt.dates.full(m.date),
        datetime: m.date && !Number.isNaN(m.date.getTime()) ? m.date.toISOString() : undefined,
        folder: own ? undefined : nameOf(m.mailbox),
        chips: chipsFor(m.keywords, opts.labels),
        flagged: m.flagged,
        hasAttachment: m.hasAttachment,
        open: i === last || (own && wasUnread.has(m.uid)),
        bodyHref: messageUrl(m.mailbox, m.uid, 'body?quotes=fold'),
        href: messageHref(m.mailbox, m.uid, list),
        reply: replyLinks(folders, m.mailbox, m.uid, list),
      };
    }),
    // The action bar: the conversation's UIDs in this folder, one field (forms.ts splits it).
    bulkAction: `${mailboxUrl(conv.mailbox)}/messages`,
    uids: conv.uids.join(','),
    listToken: listToken(opts.list),
    targets: folders.filter((f) => f.selectable && f.path !== conv.mailbox).map((f) => ({ path: f.path, name: f.name, depth: f.depth })),
    labels: opts.labels,
  };
}

// The rows of the mailbox list in conversation mode (settings listMode): one per conversation, shaped like a
// message row (message-rows.ts) so the same list, keys and action bar serve both. The row shows the newest
// message's subject and date, who took part, how many messages, and is unread while any of them is; its link opens
// the conversation and its checkbox holds every UID of it, so the action bar acts on whole conversations.
import type { ConversationSummary } from '../../mail/threads/conversation-page.ts';
import { displayName, formatAddressList } from '../../mime/addresses.ts';
import { chipsFor } from '../lists/labels.ts';
import { listToken } from '../lists/list-state.ts';
import { msg } from '../i18n/translator.ts';
import { conversationUrl } from '../pages/urls.ts';
import { markWords, type MessageRow, type RowOptions } from './message-rows.ts';

/** At most this many names in the party column; the title attribute has all of them. */
const NAMES_SHOWN = 3;

export function conversationRows(conversations: ConversationSummary[], opts: RowOptions): MessageRow[] {
  const { t } = opts.fmt;
  const marksOf = markWords(t);
  const token = listToken(opts.list);
  return conversations.map((c) => {
    const m = c.newest;
    const party = opts.showRecipient ? c.recipients : c.senders;
    const names = party.map(displayName);
    const partyName = (names.length > NAMES_SHOWN ? [...names.slice(0, NAMES_SHOWN), '…'] : names).join(', ') || t('mailbox:row.unknown');
    const subject = m.subject.trim() || t('common:noSubject');
    const count = c.uids.length;
    const marks = [
      c.unread ? t('mailbox:marks.unreadOf', { count: c.unread }) : '', c.flagged ? marksOf.flagged : '', c.hasAttachment ? marksOf.attachment : '',
    ].filter(Boolean);
    return {
      uid: m.uid,
      value: c.uids.join(','),
      id: `m-${m.uid}`,
      href: conversationUrl(opts.mailbox, m.uid) + (token ? `?list=${encodeURIComponent(token)}` : ''),
      party: opts.showRecipient ? t('mailbox:row.to', { party: partyName }) : partyName,
      partyTitle: formatAddressList(party),
      subject,
      count: count > 1 ? String(count) : undefined,
      countLabel: count > 1 ? t('mailbox:row.count', { count }) : undefined,
      chips: chipsFor(c.keywords, opts.labels),
      date: opts.fmt.dates.short(m.date),
      dateTitle: opts.fmt.dates.full(m.date),
      datetime: m.date && !Number.isNaN(m.date.getTime()) ? m.date.toISOString() : undefined,
      size: opts.fmt.size(m.size),
      unread: c.unread > 0,
      flagged: c.flagged,
      answered: m.answered,
      hasAttachment: c.hasAttachment,
      marksText: marks.length ? `, ${marks.join(', ')}` : '',
      selectLabel: t(opts.showRecipient ? msg('mailbox:row.selectConversationTo') : msg('mailbox:row.selectConversationFrom'), { subject, party: partyName, count }),
      checked: opts.checked,
    };
  });
}

// The rows of the mailbox list. Each row is one link to the message holding sender, subject, date, size and marks,
// so the whole row is one tap target on a phone and one name for a screen reader ("Alice, Lunch, 10:32, unread");
// the selection checkbox sits beside the link, not in it (interactive content cannot nest). With one row per
// conversation (conversation-rows.ts) the rows have the same shape: the link opens the conversation and the
// checkbox holds all its UIDs.
import type { MessageSummary } from '../../mail/reading/messages.ts';
import { displayName, formatAddressList } from '../../mime/addresses.ts';
import { chipsFor, type ShownLabel } from '../lists/labels.ts';
import { messageHref, type ListState } from '../lists/list-state.ts';
import { msg } from '../i18n/translator.ts';
import type { Formats } from './formats.ts';

export interface RowOptions {
  mailbox: string;
  list: ListState;
  fmt: Formats;
  /** Sent and Drafts show the recipients */
  showRecipient: boolean;
  /** "Select all on this page" without JavaScript: the page comes back with every box ticked */
  checked: boolean;
  /** the user's labels, for the chips of the keywords a message carries */
  labels: readonly ShownLabel[];
}

export function markWords(t: Formats['t']) {
  return { unread: t('mailbox:marks.unread'), flagged: t('mailbox:marks.flagged'), answered: t('mailbox:marks.answered'), attachment: t('mailbox:marks.attachment') };
}

export function messageRows(messages: MessageSummary[], opts: RowOptions) {
  const { t } = opts.fmt;
  const marksOf = markWords(t);
  return messages.map((m) => {
    const party = opts.showRecipient ? m.to : m.from;
    const partyName = party.map(displayName).join(', ') || t('mailbox:row.unknown');
    const subject = m.subject.trim() || t('common:noSubject');
    // Said after the visible text by screen readers; the symbols themselves are hidden from them.
    const marks = [
      m.seen ? '' : marksOf.unread, m.flagged ? marksOf.flagged : '', m.answered ? marksOf.answered : '', m.hasAttachment ? marksOf.attachment : '',
    ].filter(Boolean);
    return {
      uid: m.uid,
      /** the checkbox's value: the UIDs the row stands for */
      value: String(m.uid),
      id: `m-${m.uid}`,
      href: messageHref(opts.mailbox, m.uid, opts.list),
      party: opts.showRecipient ? t('mailbox:row.to', { party: partyName }) : partyName,
      partyTitle: formatAddressList(party),
      subject,
      count: undefined as string | undefined,
      countLabel: undefined as string | undefined,
      chips: chipsFor(m.keywords, opts.labels),
      date: opts.fmt.dates.short(m.date),
      dateTitle: opts.fmt.dates.full(m.date),
      datetime: m.date && !Number.isNaN(m.date.getTime()) ? m.date.toISOString() : undefined,
      size: opts.fmt.size(m.size),
      unread: !m.seen,
      flagged: m.flagged,
      answered: m.answered,
      hasAttachment: m.hasAttachment,
      marksText: marks.length ? `, ${marks.join(', ')}` : '',
      selectLabel: t(opts.showRecipient ? msg('mailbox:row.selectTo') : msg('mailbox:row.selectFrom'), { subject, party: partyName }),
      checked: opts.checked,
    };
  });
}

export type MessageRow = ReturnType<typeof messageRows>[number];

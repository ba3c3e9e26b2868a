// What the mailbox page gives its live-list script (public/live.js): where to listen (GET /events, from the
// event id the page was rendered at, so nothing that happens in between is lost), whether new mail goes into the
// list (the first page of the plain list, newest first) or into a notice with a link there, and every word the
// script shows, rendered here in the reader's language: the title with the unread count ({count} filled in by the
// script), one sentence per number of new messages (ICU plurals cannot run in the script).
import type { ListState } from '../lists/list-state.ts';
import { mailboxUrl } from '../pages/urls.ts';
import type { Formats } from './formats.ts';

/** the most new messages the notice counts one by one; past it the notice says "more than" */
const COUNTED = 20;

export interface LiveListInput {
  mailbox: string;
  /** the list as shown */
  list: ListState;
  /** the page shows a list to insert into */
  hasRows: boolean;
  /** the folder's title and unread count as the page shows them */
  title: string;
  unseen: number;
  /** the watch's last event id when the page's data was read */
  since: string;
  pageSize: number;
  /** the page's own address, for "reload" */
  here: string;
}

// The same 21 sentences on every mailbox page: made once per language (the translator makes one t() per language).
const counted = new WeakMap<Formats['t'], string>();

function newCounts(t: Formats['t']): string {
  let said = counted.get(t);
  if (said === undefined) {
    const counts = Array.from({ length: COUNTED }, (_, i) => t('mailbox:live.newMail', { count: i + 1 }));
    counts.push(t('mailbox:live.newMailMore', { count: COUNTED }));
    said = JSON.stringify(counts);
    counted.set(t, said);
  }
  return said;
}

export function liveList(input: LiveListInput, fmt: Formats) {
  const { t } = fmt;
  const l = input.list;
  const plain = l.page === 1 && !l.q && !l.from && !l.to && !l.subject && !l.since && !l.before && !l.attachment && !l.filter && !l.label
    && (!l.sort || l.sort === 'date') && l.order !== 'asc';
  return {
    events: `/events?${new URLSearchParams({ mailbox: input.mailbox, since: input.since }).toString()}`,
    mode: plain && input.hasRows ? 'insert' : 'notice',
    pageSize: input.pageSize,
    unseen: input.unseen,
    title: t('common:pageTitle', { title: input.title }),
    titleUnread: t('common:pageTitleUnread', { title: input.title, count: '{count}' }),
    newCounts: newCounts(t),
    showHref: mailboxUrl(input.mailbox),
    reloadHref: input.here,
  };
}

// Where the reader is in a folder's list: its page, search, filter and sort. Every link and form that leaves the
// list (a message, the message's actions, a reply) carries it as one `list` parameter holding the list's own query
// string ("page=3&sort=from&q=lunch"), so each can come back to the list as it was, and the message page can walk
// the list in the list's order (DESIGN.md "Keeping your place"). One parameter, because it passes through many
// forms and redirects, and each of them then needs one hidden field rather than ten.
import type { MessageQuery } from '../../mail/finding/search.ts';
import { sortOrder, type SortKey, type SortOrder } from '../../mail/finding/sort.ts';
import { HttpError } from '../pages/errors.ts';
import { msg } from '../i18n/translator.ts';
import { mailboxQuery, parse, type MailboxQuery } from '../forms/params.ts';
import { mailboxUrl, messageUrl, searchAllUrl } from '../pages/urls.ts';

export type ListState = MailboxQuery;
type Params = Record<string, string | number | undefined>;

export const SEARCH_FIELDS = ['q', 'from', 'to', 'subject', 'since', 'before', 'attachment', 'filter', 'label'] as const;

/** The first page of the folder, newest first, nothing searched. */
export const PLAIN_LIST: ListState = { page: 1 };

/** The `list` parameter back into a state; absent is the plain list, anything malformed a 400 like the list's own. */
export function parseList(value: unknown): ListState {
  if (value === undefined || value === '') return PLAIN_LIST;
  if (typeof value !== 'string' || value.length > 2000) throw new HttpError(400, { key: msg('request:listMalformed') });
  return parse(mailboxQuery, Object.fromEntries(new URLSearchParams(value)));
}

/** Sort and order for a link, each left out when it is the default (newest first; a key's own direction). */
export function sortParams(sort: SortOrder): Params {
  if (sort.key === 'date' && sort.reverse) return {};
  return { sort: sort.key, order: sort.reverse === sortOrder(sort.key).reverse ? undefined : sort.reverse ? 'desc' : 'asc' };
}

export function sortOf(state: ListState): SortOrder {
  return sortOrder(state.sort as SortKey | undefined, state.order);
}

/** The search fields that are set, for links. */
export function searchParams(state: Partial<Record<string, unknown>>): Params {
  return Object.fromEntries(SEARCH_FIELDS.filter((k) => typeof state[k] === 'string' && state[k]).map((k) => [k, state[k] as string]));
}

/** The state as query parameters, defaults left out. */
export function listParams(state: ListState, page = state.page): Params {
  return { ...searchParams(state), ...sortParams(sortOf(state)), page: page > 1 ? page : undefined, scope: state.scope };
}

/** The value of a `list` parameter or hidden field: '' for the plain first page. */
export function listToken(state: ListState, page = state.page): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(listParams(state, page))) if (v !== undefined && v !== '') params.set(k, String(v));
  return params.toString();
}

/** The list itself; `focus` names the row to show (and, with JS, to focus): the message the reader came from. */
export function listHref(mailbox: string, state: ListState, opts: { page?: number; focus?: number } = {}): string {
  // A message opened from the search of every folder goes back to that search (routes/search-all.ts).
  if (state.scope === 'all') return searchAllUrl(searchParams(state));
  const url = mailboxUrl(mailbox, listParams(state, opts.page ?? state.page));
  return opts.focus ? `${url}#m-${opts.focus}` : url;
}

/** A message as opened from this list; `suffix` as for messageUrl (reply, forward). */
export function messageHref(mailbox: string, uid: number, state: ListState, suffix = ''): string {
  const token = listToken(state);
  return messageUrl(mailbox, uid, suffix) + (token ? `?list=${encodeURIComponent(token)}` : '');
}

/** The search the list runs, as src/mail takes it. */
export function messageQueryOf(state: ListState): MessageQuery {
  const day = (s: string | undefined) => (s ? new Date(`${s}T00:00:00Z`) : undefined);
  return {
    text: state.q, from: state.from, to: state.to, subject: state.subject, since: day(state.since), before: day(state.before),
    unseen: state.filter === 'unseen', flagged: state.filter === 'flagged', attachment: state.attachment === '1', keyword: state.label,
  };
}

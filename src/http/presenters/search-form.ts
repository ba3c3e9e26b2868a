// The search form of the mailbox page (views/partials/search.ejs): the one box, the filters (unread, flagged, a
// label), the sort, where to search (this folder or every folder), and the fields behind "More search options";
// every field as typed, with its error next to it.
import { sortOrder, type SortKey } from '../../mail/finding/sort.ts';
import { SEARCH_FIELDS, sortParams } from '../lists/list-state.ts';
import type { ShownLabel } from '../lists/labels.ts';
import { mailboxUrl, searchAllUrl } from '../pages/urls.ts';
import { msg, type Translate } from '../i18n/translator.ts';

type SearchField = (typeof SEARCH_FIELDS)[number];

export interface SearchInput {
  /** the search and sort fields as typed: parsed, or raw when they did not parse */
  fields: Partial<Record<SearchField | 'sort' | 'order' | 'scope', string | undefined>>;
  /** field name -> what is wrong with it, in the reader's language */
  errors: Record<string, string>;
}

type Params = Record<string, string | number | undefined>;

export const KEYS: SortKey[] = ['date', 'from', 'subject', 'size'];
const isKey = (v: string | undefined): v is SortKey => KEYS.includes(v as SortKey);

const FIELD_LABELS = {
  q: msg('mailbox:search.label'), from: msg('mailbox:search.from'), to: msg('mailbox:search.to'),
  subject: msg('mailbox:search.subject'), since: msg('mailbox:search.since'), before: msg('mailbox:search.before'),
};
export const SORT_LABELS: Record<SortKey, string> = {
  date: msg('mailbox:columns.date'), from: msg('mailbox:columns.from'), subject: msg('mailbox:columns.subject'), size: msg('mailbox:columns.size'),
};

/** `allFolders`: the form of the search of every folder (GET /search), newest first, with no folder to choose. */
export function searchForm(mailbox: string, input: SearchInput, t: Translate, labels: readonly ShownLabel[] = [], opts: { allFolders?: boolean } = {}) {
  const all = !!opts.allFolders;
  const f = input.fields;
  const sort = sortOrder(isKey(f.sort) ? f.sort : undefined, f.order === 'asc' || f.order === 'desc' ? f.order : undefined);
  const params: Params = Object.fromEntries(SEARCH_FIELDS.filter((k) => f[k]).map((k) => [k, f[k]]));
  const active = Object.keys(params).length > 0;
  const invalid = Object.keys(input.errors).length > 0;
  const field = (name: keyof typeof FIELD_LABELS, type: 'text' | 'date') => ({ name, label: t(FIELD_LABELS[name]), type, value: f[name] ?? '', error: input.errors[name] });
  const advanced = [field('from', 'text'), field('to', 'text'), field('subject', 'text'), field('since', 'date'), field('before', 'date')];
  const option = (current: string, value: string, label: string) => ({ value, label, selected: current === value });
  const shown = new Set<string>([...SEARCH_FIELDS, 'sort', 'order', 'scope']);
  const chosenLabel = f.label?.toLowerCase() ?? '';
  return {
    action: all ? searchAllUrl({}) : mailboxUrl(mailbox),
    sort,
    params,
    active,
    invalid,
    q: field('q', 'text'),
    advanced,
    attachment: { checked: f.attachment === '1', error: input.errors.attachment },
    advancedOpen: advanced.some((a) => a.value || a.error) || f.attachment === '1' || !!f.label || !!input.errors.attachment || !!input.errors.label,
    filters: [
      option(f.filter ?? '', '', t('mailbox:search.all')), option(f.filter ?? '', 'unseen', t('mailbox:search.unread')),
      option(f.filter ?? '', 'flagged', t('mailbox:search.flagged')),
    ],
    // A label the user no longer has stays choosable while it is the one searched for.
    labels: [
      { value: '', label: t('mailbox:search.anyLabel'), selected: !chosenLabel },
      ...labels.map((l) => ({ value: l.keyword, label: l.name, selected: l.keyword.toLowerCase() === chosenLabel })),
      ...(f.label && !labels.some((l) => l.keyword.toLowerCase() === chosenLabel) ? [{ value: f.label, label: f.label, selected: true }] : []),
    ],
    scopes: all ? [] : [option(f.scope ?? '', '', t('mailbox:search.thisFolder')), option(f.scope ?? '', 'all', t('mailbox:search.allFolders'))],
    sorts: all ? [] : KEYS.map((k) => option(sort.key, k, t(SORT_LABELS[k]))),
    orders: all ? [] : [
      option(sort.reverse ? 'desc' : 'asc', 'desc', t('mailbox:search.descending')), option(sort.reverse ? 'desc' : 'asc', 'asc', t('mailbox:search.ascending')),
    ],
    selectErrors: ['filter', 'label', 'scope', 'sort', 'order'].map((k) => input.errors[k]).filter(Boolean),
    // What the form has no place for (a bad page number in a hand-made link).
    otherErrors: Object.entries(input.errors).filter(([k]) => !shown.has(k)).map(([, v]) => v),
    clearHref: active || invalid ? mailboxUrl(mailbox, all ? {} : sortParams(sort)) : undefined,
  };
}

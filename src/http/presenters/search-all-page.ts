// View model of GET /search: the search of every folder. The newest matches of all folders in one list, each row
// naming its folder, and each folder's count linking to the whole search in that folder (where paging, sorting and
// the action bar are). A message opened from here comes back here (list-state.ts, scope=all).
import { withUsualNames } from '../../mail/folders/folder-rules.ts';
import type { MailboxSummary } from '../../mail/folders/mailboxes.ts';
import type { AllFoldersResult } from '../../mail/finding/search-all.ts';
import type { ShownLabel } from '../labels.ts';
import { labelFor } from '../labels.ts';
import { searchParams, type ListState } from '../list-state.ts';
import { mailboxUrl } from '../urls.ts';
import { folderLinks } from './folders.ts';
import type { Formats } from './formats.ts';
import { messageRows } from './message-rows.ts';
import { searchForm, type SearchInput } from './search-form.ts';
import { searchSummary } from './search-summary.ts';

export function searchAllPage(folders: MailboxSummary[], result: AllFoldersResult | undefined, fmt: Formats, input: SearchInput, opts: { list?: ListState; labels: readonly ShownLabel[] }) {
  const { t } = fmt;
  const named = withUsualNames(folders);
  const nameOf = (path: string) => named.find((f) => f.path === path)?.name ?? path;
  const search = searchForm('INBOX', input, t, opts.labels, { allFolders: true });
  const list: ListState = { ...(opts.list ?? { page: 1 }), page: 1, scope: 'all' };
  const inFolder = (path: string) => mailboxUrl(path, searchParams(list));
  const rows = (result?.messages ?? []).flatMap((m) => messageRows([m], {
    mailbox: m.mailbox, list, fmt, showRecipient: false, checked: false, labels: opts.labels,
  }).map((row) => ({ ...row, folder: nameOf(m.mailbox), id: `m-${encodeURIComponent(m.mailbox)}-${m.uid}` })));
  return {
    title: t('mailbox:all.title'),
    folders: folderLinks(folders, undefined),
    search: {
      ...search,
      summary: result && search.active ? searchSummary(result.total, { ...input.fields, label: labelFor(opts.labels, input.fields.label)?.name ?? input.fields.label }, fmt) : undefined,
    },
    rows,
    // "The 50 newest are shown" only when there are more than the list holds.
    shownNote: result && result.total > rows.length ? t('mailbox:all.newestShown', { count: rows.length, total: result.total }) : undefined,
    byFolder: (result?.folders ?? []).map((f) => ({ name: nameOf(f.mailbox), href: inFolder(f.mailbox), count: t('mailbox:all.inFolder', { count: f.total, folder: nameOf(f.mailbox) }) })),
    failed: (result?.failed ?? []).map(nameOf),
    notSearched: result?.notSearched ? t('mailbox:all.notSearched', { count: result.notSearched }) : undefined,
    prompt: !search.active && !search.invalid,
  };
}

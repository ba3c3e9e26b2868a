// View model of GET /settings/accounts: each other account with what it is, what its last fetch came to (when, how
// many new, the last error in plain words) or how far the fetch running now is, and its buttons. Every string
// from the accounts catalog, in the page's language; times in the reader's zone.
import type { AccountView } from '../../accounts/accounts.ts';
import type { LiveRun } from '../../accounts/fetch-schedule.ts';
import type { StoredAccount } from '../../accounts/account-list.ts';
import type { FetchStatus } from '../../accounts/fetch-state.ts';
import type { MailboxSummary } from '../../mail/folders/mailboxes.ts';
import type { RequestLocale } from '../i18n/request-locale.ts';
import { msg } from '../i18n/translator.ts';
import { failureText, serverWords } from './fetch-failures.ts';
import { folderLinks } from './folders.ts';

export const accountUrl = (id: string, action = '') => `/settings/accounts/${id}${action ? `/${action}` : ''}`;

const SECURITY = { pop3s: msg('accounts:security.pop3s'), starttls: msg('accounts:security.starttls'), plain: msg('accounts:security.plain') };
const MODE = { keep: msg('accounts:mode.keep'), delete: msg('accounts:mode.delete') };
const TARGET = { inbox: msg('accounts:target.inbox'), folder: msg('accounts:target.folder') };

export interface AccountState {
  kind: 'running' | 'needs-password' | 'status' | 'never';
  /** the state's headline */
  text: string;
  /** further lines: counts, the error, the server's words */
  details: string[];
  error: boolean;
  time?: { iso: string; text: string };
  progress?: { done: number; total: number };
}

function statusState(status: FetchStatus, locale: RequestLocale): AccountState {
  const { t } = locale;
  const at = new Date(status.at);
  const details = [t('accounts:status.new', { count: status.appended })];
  if (status.remaining) details.push(t('accounts:status.remaining', { count: status.remaining }));
  if (status.tooLarge) details.push(t('accounts:status.tooLarge', { count: status.tooLarge }));
  if (status.error) {
    details.push(t('accounts:status.error', { message: failureText(status.error, t) }));
    const said = serverWords(status.error, t);
    if (said) details.push(said);
  }
  return {
    kind: 'status', text: t('accounts:status.last'), details, error: !!status.error, time: { iso: at.toISOString(), text: locale.dates.full(at) },
  };
}

/** A fetch running now: "Connecting…", then "Fetching: n of m". */
export function runningState(run: LiveRun, locale: RequestLocale): AccountState {
  const { t } = locale;
  const { phase, done, total } = run.progress;
  const text = phase === 'connecting' ? t('accounts:status.connecting') : t('accounts:status.running', { done, total });
  return { kind: 'running', text, details: [t('accounts:status.leave')], error: false, progress: { done, total } };
}

export function accountState(view: AccountView, locale: RequestLocale): AccountState {
  const { t } = locale;
  if (view.running) return runningState(view.running, locale);
  if (view.needsPassword) return { kind: 'needs-password', text: t('accounts:failure.wrongPassword'), details: [], error: true };
  const outcome = view.outcome;
  if (outcome?.kind === 'fetched') return statusState(outcome.status, locale);
  const stored = view.stored ? statusState(view.stored, locale) : undefined;
  if (outcome && outcome.kind !== 'wrong-password') {
    const note = outcome.kind === 'busy' ? t('accounts:status.busy') : t('accounts:failure.unavailable');
    return stored ? { ...stored, details: [...stored.details, note] } : { kind: 'never', text: note, details: [], error: outcome.kind !== 'busy' };
  }
  return stored ?? { kind: 'never', text: t('accounts:status.never'), details: [], error: false };
}

function accountRow(view: AccountView, locale: RequestLocale) {
  const { t } = locale;
  const a: StoredAccount = view.account;
  return {
    id: a.id,
    name: a.name,
    server: t('accounts:list.server', { user: a.user, host: a.host, port: a.port }),
    security: t(SECURITY[a.security]),
    mode: t(MODE[a.mode]),
    target: t(TARGET[a.target]),
    auto: t(a.auto ? msg('accounts:list.autoOn') : msg('accounts:list.autoOff')),
    state: accountState(view, locale),
    editHref: accountUrl(a.id),
    testAction: accountUrl(a.id, 'test'),
    fetchAction: accountUrl(a.id, 'fetch'),
    deleteAction: accountUrl(a.id, 'delete'),
  };
}

export function accountsPage(folders: MailboxSummary[], views: AccountView[], opts: { locale: RequestLocale; maxAccounts: number }) {
  const { t } = opts.locale;
  const rows = views.map((v) => accountRow(v, opts.locale));
  const running = rows.some((r) => r.state.kind === 'running');
  return {
    title: t('accounts:title'),
    currentPage: 'settings',
    folders: folderLinks(folders, undefined),
    rows,
    canAdd: rows.length < opts.maxAccounts,
    tooMany: t('accounts:flash.tooMany', { max: opts.maxAccounts }),
    // Without JavaScript the page reloads itself while a fetch runs; public/accounts.js asks for progress instead.
    refreshAfter: running ? 3 : undefined,
    pageScripts: ['/static/accounts.js'],
  };
}

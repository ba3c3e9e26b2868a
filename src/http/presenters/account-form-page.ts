// View model of the add and edit forms of a POP3 account (GET /settings/accounts/new, GET /settings/accounts/:id,
// and either shown again after a refused save): each field with its label, help, value and error. The password
// field is always empty: a password is never put into a page.
import type { StoredAccount } from '../../accounts/account-list.ts';
import type { MailboxSummary } from '../../mail/folders/mailboxes.ts';
import type { AccountFieldName, AccountFields } from '../forms/account-form.ts';
import type { RequestLocale } from '../i18n/request-locale.ts';
import { msg } from '../i18n/translator.ts';
import type { FieldError } from '../forms/settings-form.ts';
import { accountUrl } from './accounts-page.ts';
import { folderLinks } from './folders.ts';

export interface AccountFormOptions {
  locale: RequestLocale;
  /** the account being edited; absent when adding */
  account?: StoredAccount;
  /** its stored password does not open with this session's IMAP password */
  needsPassword?: boolean;
  /** POP3_ALLOW_INSECURE: plain POP3 to any host, not only this machine */
  allowInsecure: boolean;
  fetchMinutes: number;
}

export function accountFields(account: StoredAccount | undefined): AccountFields {
  if (!account) return { name: '', host: '', port: '', security: 'pop3s', user: '', mode: 'keep', target: 'folder', auto: true };
  return {
    name: account.name, host: account.host, port: String(account.port), security: account.security, user: account.user,
    mode: account.mode, target: account.target, auto: account.auto,
  };
}

export function accountFormPage(
  folders: MailboxSummary[], fields: AccountFields, errors: Partial<Record<AccountFieldName, FieldError>>, opts: AccountFormOptions,
) {
  const { t } = opts.locale;
  const error = (field: AccountFieldName) => {
    const e = errors[field];
    return e ? t(e.key, e.values) : undefined;
  };
  const editing = opts.account;
  const choice = (value: string, key: string) => ({ value, label: t(key) });
  return {
    title: editing ? t('accounts:form.editTitle', { name: editing.name }) : t('accounts:form.addTitle'),
    currentPage: 'settings',
    folders: folderLinks(folders, undefined),
    action: editing ? accountUrl(editing.id) : '/settings/accounts',
    submit: editing ? t('accounts:form.save') : t('accounts:form.add'),
    formError: Object.keys(errors).length ? t('accounts:form.fixErrors') : undefined,
    needsPassword: opts.needsPassword === true,
    values: fields,
    errors: Object.fromEntries((['name', 'host', 'port', 'security', 'user', 'password', 'mode', 'target'] as const).map((f) => [f, error(f)])),
    passwordRequired: !editing || opts.needsPassword === true,
    passwordHelp: editing ? t('accounts:form.passwordKeep') : t('accounts:form.passwordHelp'),
    securities: [
      choice('pop3s', msg('accounts:security.pop3s')),
      choice('starttls', msg('accounts:security.starttls')),
      choice('plain', opts.allowInsecure ? msg('accounts:form.plainAllowed') : msg('accounts:form.plainLoopback')),
    ],
    modes: [choice('keep', msg('accounts:mode.keep')), choice('delete', msg('accounts:mode.delete'))],
    targets: [choice('folder', msg('accounts:target.folder')), choice('inbox', msg('accounts:target.inbox'))],
    autoLabel: t('accounts:form.auto', { minutes: opts.fetchMinutes }),
  };
}

// Settings -> Other accounts (issue 11): the list with each account's last fetch or its progress, add, edit, remove,
// "Test connection" and "Fetch now". Every POST ends in a redirect with a flash (Post/Redirect/Get); a refused form is
// shown again with what was typed (never the password) and the error next to its field. The accounts live on the
// user's IMAP server with the other settings (src/accounts); this file parses, calls and shows.
import { Router, type Request, type Response } from 'express';
import { MAX_ACCOUNTS, isAccountId, type StoredAccount } from '../../accounts/account-list.ts';
import type { Accounts } from '../../accounts/accounts.ts';
import { parseAccountForm, type AccountFieldName, type AccountFields } from '../forms/account-form.ts';
import { mailSessionOf } from '../sessions/auth.ts';
import { HttpError } from '../pages/errors.ts';
import { flash, takeFlash } from '../pages/flash.ts';
import { localeOf } from '../i18n/request-locale.ts';
import { msg } from '../i18n/translator.ts';
import { accountFields, accountFormPage } from '../presenters/account-form-page.ts';
import { accountsPage, runningState } from '../presenters/accounts-page.ts';
import { failureText, serverWords } from '../presenters/fetch-failures.ts';
import type { FieldError } from '../forms/settings-form.ts';
import { shownFolders } from '../lists/shown-folders.ts';

export interface AccountsRouteOptions {
  accounts: Accounts;
  /** POP3_ALLOW_INSECURE */
  allowInsecure: boolean;
  /** POP3_FETCH_MINUTES, for the form's words */
  fetchMinutes: number;
}

const LIST = '/settings/accounts';

export function accountsRoutes(opts: AccountsRouteOptions): Router {
  const router = Router();
  const { accounts } = opts;

  /** The account named in the URL; a malformed or unknown id is a 404 page. */
  async function accountOf(req: Request, res: Response): Promise<StoredAccount> {
    const id = String(req.params.id ?? '');
    const account = isAccountId(id) ? await accounts.find(mailSessionOf(res), id) : undefined;
    if (!account) throw new HttpError(404, { key: msg('accounts:flash.notFound') });
    return account;
  }

  async function showForm(res: Response, status: number, fields: AccountFields, errors: Partial<Record<AccountFieldName, FieldError>>, account?: StoredAccount) {
    const needsPassword = account ? !(await accounts.opens(res.req.sessionID, account)) : false;
    res.status(status).render('account-form', accountFormPage(await shownFolders(res), fields, errors, {
      locale: localeOf(res), ...(account ? { account } : {}), needsPassword, allowInsecure: opts.allowInsecure, fetchMinutes: opts.fetchMinutes,
    }));
  }

  router.get(LIST, takeFlash, async (req, res) => {
    const mail = mailSessionOf(res);
    // Afresh, like the mailbox pages: a fetch may just have made the account's folder (on its own connection).
    const [folders, views] = await Promise.all([shownFolders(res, { maxAgeMs: 0 }), accounts.overview(mail, req.sessionID)]);
    res.render('accounts', accountsPage(folders, views, { locale: localeOf(res), maxAccounts: MAX_ACCOUNTS }));
  });

  // For public/accounts.js: the runs of this session, so the page can show progress without reloading.
  router.get(`${LIST}/progress`, (req, res) => {
    const locale = localeOf(res);
    const runs = [...accounts.schedule.running(req.sessionID)].map(([id, run]) => {
      const state = runningState(run, locale);
      return { id, text: state.text, done: state.progress?.done ?? 0, total: state.progress?.total ?? 0 };
    });
    res.json({ running: runs.length > 0, accounts: runs });
  });

  router.get(`${LIST}/new`, async (_req, res) => {
    await showForm(res, 200, accountFields(undefined), {});
  });

  router.post(LIST, async (req, res) => {
    const form = parseAccountForm((req.body ?? {}) as Record<string, unknown>, { editing: false, allowInsecure: opts.allowInsecure });
    if (!form.ok) return showForm(res, 400, form.fields, form.errors);
    const saved = await accounts.add(mailSessionOf(res), req.sessionID, form.value, form.password!);
    if (!saved.ok) {
      flash(req, 'error', { key: msg('accounts:flash.tooMany'), values: { max: MAX_ACCOUNTS } });
      return res.redirect(303, LIST);
    }
    const { name, auto } = saved.account;
    flash(req, 'info', { key: auto ? msg('accounts:flash.addedFetching') : msg('accounts:flash.added'), values: { name } });
    res.redirect(303, LIST);
  });

  router.get(`${LIST}/:id`, async (req, res) => {
    const account = await accountOf(req, res);
    await showForm(res, 200, accountFields(account), {}, account);
  });

  router.post(`${LIST}/:id`, async (req, res) => {
    const account = await accountOf(req, res);
    const form = parseAccountForm((req.body ?? {}) as Record<string, unknown>, { editing: true, allowInsecure: opts.allowInsecure });
    if (!form.ok) return showForm(res, 400, form.fields, form.errors, account);
    const saved = await accounts.update(mailSessionOf(res), req.sessionID, account.id, form.value, form.password);
    if (!saved.ok && saved.reason === 'password-needed') {
      return showForm(res, 400, form.fields, { password: { key: msg('accounts:errors.passwordNeeded') } }, account);
    }
    if (!saved.ok) throw new HttpError(404, { key: msg('accounts:flash.notFound') });
    flash(req, 'info', { key: msg('accounts:flash.saved'), values: { name: saved.account.name } });
    res.redirect(303, LIST);
  });

  router.post(`${LIST}/:id/delete`, async (req, res) => {
    const account = await accountOf(req, res);
    await accounts.remove(mailSessionOf(res), req.sessionID, account.id);
    flash(req, 'info', { key: msg('accounts:flash.removed'), values: { name: account.name } });
    res.redirect(303, LIST);
  });

  router.post(`${LIST}/:id/test`, async (req, res) => {
    const account = await accountOf(req, res);
    const { t } = localeOf(res);
    const check = await accounts.test(req.sessionID, account);
    if (check.ok) {
      const values = { name: account.name, count: check.messages };
      flash(req, 'info', check.uidl ? t('accounts:test.ok', values) : t('accounts:test.okWithoutUidl', values));
    } else {
      const said = serverWords(check.failure, t);
      flash(req, 'error', `${t('accounts:test.failed', { name: account.name, message: failureText(check.failure, t) })}${said ? ` ${said}` : ''}`);
    }
    res.redirect(303, LIST);
  });

  router.post(`${LIST}/:id/fetch`, async (req, res) => {
    const account = await accountOf(req, res);
    accounts.fetch(req.sessionID, account);
    flash(req, 'info', { key: msg('accounts:flash.fetching'), values: { name: account.name } });
    res.redirect(303, LIST);
  });

  return router;
}

// Folder management: GET /mailboxes, and create, rename, delete (after a confirm page), subscribe. A create or
// rename the server or our rules refuse is shown again with the input kept and the reason next to the field.
import { Router, type Request, type Response } from 'express';
import type { z } from 'zod';
import { createFolder, deleteFolder, folderDeletionPlan, renameFolder, setSubscribed } from '../../mail/folders/folders.ts';
import { MailError } from '../../mail/errors/mail-errors.ts';
import { Refused } from '../../mail/errors/refused.ts';
import { mailSessionOf } from '../sessions/auth.ts';
import { HttpError } from '../pages/errors.ts';
import { flash, takeFlash } from '../pages/flash.ts';
import { createFolderForm, deleteFolderForm, fieldErrors, renameFolderForm, subscribeForm } from '../forms/forms.ts';
import { localeOf } from '../i18n/request-locale.ts';
import { msg } from '../i18n/translator.ts';
import { folderName, say, sayMailError, type Keyed } from '../i18n/user-text.ts';
import { confirmFolderDelete } from '../presenters/confirm-page.ts';
import { mailboxesPage, type FolderFormState } from '../presenters/mailboxes-page.ts';
import { mailboxParams, parse } from '../forms/params.ts';
import { shownFolders } from '../lists/shown-folders.ts';
import { mailboxUrl } from '../pages/urls.ts';

const PAGE = '/mailboxes';

async function showPage(res: Response, status: number, state: FolderFormState = {}): Promise<void> {
  const folders = await shownFolders(res, { maxAgeMs: 0 });
  res.status(status).render('mailboxes', mailboxesPage(folders, state, localeOf(res)));
}

/** Status and text for a refusal that belongs next to a form field; anything else is rethrown to the error page. */
function fieldProblem(req: Request, res: Response, err: unknown): { status: number; message: string } {
  if (err instanceof Refused) {
    // The page never offers these forms for protected folders: a request for one gets a plain 403 page.
    if (err.reason === 'protected') throw new HttpError(403, err.text);
    return { status: 400, message: say(err.text, localeOf(res)) };
  }
  if (err instanceof MailError && (err.kind === 'exists' || err.kind === 'rejected')) {
    req.log.info(err.logFields, err.message);
    return { status: err.kind === 'exists' ? 409 : 422, message: sayMailError(err, localeOf(res)) };
  }
  throw err;
}

const text = (v: unknown) => (typeof v === 'string' ? v : '');
const firstError = (error: z.ZodError): [string, Keyed] => Object.entries(fieldErrors(error))[0] ?? ['name', { key: msg('folders:errors.incomplete') }];

function done(req: Request, res: Response, message: string): void {
  flash(req, 'info', message);
  res.redirect(303, PAGE);
}

export function folderRoutes(): Router {
  const router = Router();

  router.get(PAGE, takeFlash, async (_req, res) => {
    await showPage(res, 200);
  });

  router.post(PAGE, async (req, res) => {
    const typed = { name: text(req.body?.name), parent: text(req.body?.parent) };
    const form = createFolderForm.safeParse(req.body ?? {});
    const words = localeOf(res);
    if (!form.success) {
      const [field, error] = firstError(form.error);
      return showPage(res, 400, { create: { ...typed, error: say(error, words), field: field === 'parent' ? 'parent' : 'name' } });
    }
    try {
      const made = await createFolder(mailSessionOf(res), form.data.name, form.data.parent);
      done(req, res, words.t('folders:done.created', { folder: folderName(made, words.t) }));
    } catch (err) {
      const inParent = err instanceof MailError && err.kind === 'not-found';
      const { status, message } = inParent ? { status: 400, message: sayMailError(err, words) } : fieldProblem(req, res, err);
      await showPage(res, status, { create: { ...typed, error: message, field: inParent ? 'parent' : 'name' } });
    }
  });

  router.post('/mailbox/:mailbox/rename', async (req, res) => {
    const { mailbox } = parse(mailboxParams, req.params);
    const form = renameFolderForm.safeParse(req.body ?? {});
    const name = text(req.body?.name);
    const words = localeOf(res);
    if (!form.success) return showPage(res, 400, { rename: { path: mailbox, name, error: say(firstError(form.error)[1], words) } });
    try {
      const renamed = await renameFolder(mailSessionOf(res), mailbox, form.data.name);
      const [from, to] = [folderName(renamed.from, words.t), folderName(renamed.to, words.t)];
      if (renamed.subscriptionsLost) {
        flash(req, 'error', words.t('folders:done.renamedUnsubscribed', { from, to }));
        return res.redirect(303, PAGE);
      }
      done(req, res, renamed.changed ? words.t('folders:done.renamed', { from, to }) : words.t('folders:done.sameName', { folder: from }));
    } catch (err) {
      const { status, message } = fieldProblem(req, res, err);
      await showPage(res, status, { rename: { path: mailbox, name, error: message } });
    }
  });

  router.post('/mailbox/:mailbox/delete', async (req, res) => {
    const { mailbox } = parse(mailboxParams, req.params);
    const { confirm } = parse(deleteFolderForm, req.body ?? {});
    const mail = mailSessionOf(res);
    const words = localeOf(res);
    try {
      if (!confirm) {
        const plan = await folderDeletionPlan(mail, mailbox);
        return res.render('confirm', confirmFolderDelete(plan, { action: `${mailboxUrl(mailbox)}/delete`, cancelHref: PAGE }, words));
      }
      const gone = await deleteFolder(mail, mailbox);
      done(req, res, words.t('folders:done.deleted', { folder: folderName(gone, words.t), inner: gone.subfolders.length }));
    } catch (err) {
      if (err instanceof Refused) throw new HttpError(err.reason === 'protected' ? 403 : 400, err.text);
      throw err;
    }
  });

  router.post('/mailbox/:mailbox/subscribe', async (req, res) => {
    const { mailbox } = parse(mailboxParams, req.params);
    const { subscribed } = parse(subscribeForm, req.body ?? {});
    const folder = await setSubscribed(mailSessionOf(res), mailbox, subscribed === '1');
    const { t } = localeOf(res);
    done(req, res, t(subscribed === '1' ? msg('folders:done.subscribed') : msg('folders:done.unsubscribed'), { folder: folderName(folder, t) }));
  });

  return router;
}

// The settings page (GET/POST /settings), the browser's time zone sent once by public/timezone.js
// (POST /settings/timezone), and "Always show images from <sender>" on the message page
// (POST /settings/remote-images). The settings live on the user's IMAP server (src/settings), so they follow the
// user to every Postern instance; this file only parses, stores and shows them.
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { SettingsStore } from '../../settings/settings-store.ts';
import { senderEntry } from '../../settings/remote-image-senders.ts';
import { MAX_REMOTE_IMAGE_SENDERS, USER_SETTINGS, type UserSettings } from '../../settings/user-settings.ts';
import { mailSessionOf, safeNext } from '../sessions/auth.ts';
import { flash, takeFlash } from '../pages/flash.ts';
import { chooseLanguage } from '../i18n/negotiate.ts';
import { localeOf } from '../i18n/request-locale.ts';
import { msg } from '../i18n/translator.ts';
import { settingsOf } from '../sessions/load-settings.ts';
import { standardLabels } from '../lists/labels.ts';
import { parse } from '../forms/params.ts';
import { settingsInput, settingsPage } from '../presenters/settings-page.ts';
import { shownFolders } from '../lists/shown-folders.ts';
import { browserTimeZoneForm, parseSettingsForm, type FieldError, type SettingsInput } from '../forms/settings-form.ts';

export interface SettingsRouteOptions {
  store: SettingsStore;
  /** PAGE_SIZE: what an empty "messages per page" means */
  defaultPageSize: number;
}

const rememberForm = z.object({ sender: z.string().max(320), return: z.string().optional() });

export function settingsRoutes(opts: SettingsRouteOptions): Router {
  const router = Router();
  const { store } = opts;

  async function render(req: Request, res: Response, status: number, input: SettingsInput, errors: Partial<Record<keyof SettingsInput, FieldError>>) {
    const folders = await shownFolders(res);
    res.status(status).render('settings', settingsPage(folders, input, errors, {
      locale: localeOf(res),
      browserLanguage: chooseLanguage(null, req),
      defaultPageSize: opts.defaultPageSize,
      unavailable: res.locals.settingsUnavailable === true,
    }));
  }

  /** What is stored now, with `change` applied; fields this version does not know are kept (user-settings.ts). */
  async function update(res: Response, change: (current: UserSettings) => UserSettings | undefined): Promise<UserSettings | undefined> {
    const mail = mailSessionOf(res);
    const next = change(await store.read(mail, USER_SETTINGS));
    if (next) await store.write(mail, USER_SETTINGS, next);
    return next;
  }

  router.get('/settings', takeFlash, async (req, res) => {
    await render(req, res, 200, settingsInput(settingsOf(res) ?? USER_SETTINGS.empty(), localeOf(res).t), {});
  });

  router.post('/settings', async (req, res) => {
    const form = parseSettingsForm((req.body ?? {}) as Record<string, unknown>, standardLabels(localeOf(res).t));
    if (!form.ok) return render(req, res, 400, form.input, form.errors);
    await update(res, (current) => ({ ...current, ...form.value }));
    // Translated when shown, so it reads in the language just chosen.
    flash(req, 'info', { key: msg('settings:saved') });
    res.redirect(303, '/settings');
  });

  // Sent once by script when the page says the zone is not chosen; a zone chosen in the form is never replaced,
  // so a second tab or a late request cannot undo the user's choice. 204: the script has nothing to show.
  router.post('/settings/timezone', async (req, res) => {
    const { timeZone } = parse(browserTimeZoneForm, req.body ?? {});
    await update(res, (current) => (current.timeZone ? undefined : { ...current, timeZone }));
    res.status(204).end();
  });

  router.post('/settings/remote-images', async (req, res) => {
    const form = parse(rememberForm, req.body ?? {});
    const back = safeNext(form.return) ?? '/settings';
    const entry = senderEntry(form.sender);
    if (!entry) {
      flash(req, 'error', { key: msg('message:remoteImages.invalidSender') });
      return res.redirect(303, back);
    }
    let full = false;
    await update(res, (current) => {
      if (current.remoteImageSenders.includes(entry)) return undefined;
      full = current.remoteImageSenders.length >= MAX_REMOTE_IMAGE_SENDERS;
      return full ? undefined : { ...current, remoteImageSenders: [...current.remoteImageSenders, entry] };
    });
    if (full) flash(req, 'error', { key: msg('settings:errors.sendersTooMany'), values: { max: MAX_REMOTE_IMAGE_SENDERS } });
    else flash(req, 'info', { key: msg('message:remoteImages.added'), values: { sender: entry } });
    res.redirect(303, back);
  });

  return router;
}

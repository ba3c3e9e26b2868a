// Settings, Identities: the names, addresses and signatures the user sends as (src/settings/identities.ts, kept on
// the IMAP server). GET lists them; the form adds or edits one; each row can be made the default or removed. Every
// change is a POST that ends in a redirect with a flash; a refused form comes back with its errors (400).
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { IdentityPolicy, PolicyContext } from '../../compose/identity.ts';
import { IDENTITIES, MAX_IDENTITIES, newIdentityId, type Identities } from '../../settings/identities.ts';
import type { SettingsStore } from '../../settings/settings-store.ts';
import { mailSessionOf } from '../sessions/auth.ts';
import { flash, takeFlash } from '../pages/flash.ts';
import { parseIdentityForm, type IdentityInput } from '../forms/identity-form.ts';
import { localeOf } from '../i18n/request-locale.ts';
import { msg } from '../i18n/translator.ts';
import type { Keyed } from '../i18n/user-text.ts';
import { HttpError } from '../pages/errors.ts';
import { parse } from '../forms/params.ts';
import { identitiesPage, identityFormPage, identityInput } from '../presenters/identities-page.ts';
import { shownFolders } from '../lists/shown-folders.ts';

export interface IdentityRouteOptions {
  store: SettingsStore;
  identityPolicy: IdentityPolicy;
  mailDomain: string | undefined;
}

const idParams = z.object({ id: z.string().regex(/^[a-z0-9]{1,16}$/, msg('request:identity')) });
const prefill = z.object({ address: z.string().max(254).optional() }).passthrough();

export function identityRoutes(opts: IdentityRouteOptions): Router {
  const router = Router();
  const { store } = opts;
  const policyOf = (res: Response): PolicyContext => ({ policy: opts.identityPolicy, login: mailSessionOf(res).user, mailDomain: opts.mailDomain });
  const read = (res: Response) => store.read(mailSessionOf(res), IDENTITIES);
  const write = (res: Response, doc: Identities) => store.write(mailSessionOf(res), IDENTITIES, doc);

  async function renderForm(res: Response, status: number, input: IdentityInput, errors: Partial<Record<keyof IdentityInput, Keyed>>) {
    res.status(status).render('identity', identityFormPage(await shownFolders(res), input, errors, localeOf(res)));
  }

  const found = (doc: Identities, id: string) => {
    const identity = doc.identities.find((i) => i.id === id);
    if (!identity) throw new HttpError(404, { key: msg('identities:notFound') });
    return identity;
  };

  router.get('/settings/identities', takeFlash, async (_req, res) => {
    res.render('identities', identitiesPage(await shownFolders(res), await read(res), policyOf(res), localeOf(res)));
  });

  router.get('/settings/identities/new', async (req, res) => {
    const { address } = parse(prefill, req.query);
    const doc = await read(res);
    await renderForm(res, 200, identityInput(undefined, doc.identities.length === 0, address), {});
  });

  router.get('/settings/identities/:id', async (req, res) => {
    const { id } = parse(idParams, req.params);
    const doc = await read(res);
    const identity = found(doc, id);
    await renderForm(res, 200, identityInput(identity, (doc.defaultId ?? doc.identities[0]?.id) === id), {});
  });

  // One form for new and edited identities: `id` empty means new.
  router.post('/settings/identities', async (req: Request, res) => {
    const form = parseIdentityForm((req.body ?? {}) as Record<string, unknown>, policyOf(res));
    if (!form.ok) return renderForm(res, 400, form.input, form.errors);
    const doc = await read(res);
    const editing = form.input.id ? found(doc, parse(idParams, { id: form.input.id }).id) : undefined;
    if (!editing && doc.identities.length >= MAX_IDENTITIES) {
      return renderForm(res, 400, form.input, { address: { key: msg('identities:errors.tooMany'), values: { max: MAX_IDENTITIES } } });
    }
    const id = editing?.id ?? newIdentityId();
    const identity = { id, ...form.value };
    const identities = editing ? doc.identities.map((i) => (i.id === id ? identity : i)) : [...doc.identities, identity];
    // The first identity is the default; "make default" makes it so; unticking it on the default changes nothing,
    // since there must be one.
    const defaultId = form.input.makeDefault || doc.identities.length === 0 ? id : doc.defaultId;
    await write(res, { ...doc, identities, defaultId });
    flash(req, 'info', { key: msg('identities:saved'), values: { address: identity.address } });
    res.redirect(303, '/settings/identities');
  });

  router.post('/settings/identities/:id/default', async (req, res) => {
    const { id } = parse(idParams, req.params);
    const doc = await read(res);
    const identity = found(doc, id);
    await write(res, { ...doc, defaultId: id });
    flash(req, 'info', { key: msg('identities:madeDefault'), values: { address: identity.address } });
    res.redirect(303, '/settings/identities');
  });

  router.post('/settings/identities/:id/delete', async (req, res) => {
    const { id } = parse(idParams, req.params);
    const doc = await read(res);
    const identity = found(doc, id);
    const identities = doc.identities.filter((i) => i.id !== id);
    await write(res, { ...doc, identities, defaultId: doc.defaultId === id ? identities[0]?.id ?? null : doc.defaultId });
    flash(req, 'info', { key: msg('identities:deleted'), values: { address: identity.address } });
    res.redirect(303, '/settings/identities');
  });

  return router;
}

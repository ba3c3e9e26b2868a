// GET /contacts/suggest?q=...: recipient suggestions for the compose form's script (public/recipients.js), as
// JSON. Behind sign-in like every route, no-store like every answer behind it (no-store.ts): a cached answer would
// keep someone's correspondents in the browser's cache. Answered from the stored book (src/contacts).
import { Router } from 'express';
import { z } from 'zod';
import type { Contacts } from '../../contacts/contacts.ts';
import { formatAddress } from '../../mime/addresses.ts';
import { mailSessionOf } from '../sessions/auth.ts';
import { msg } from '../i18n/translator.ts';
import { parse } from '../forms/params.ts';

export interface ContactsRouteOptions {
  contacts: Contacts;
  /** MAIL_DOMAIN: a bare login ("demo") is the address demo@<domain>, as in the compose route */
  mailDomain?: string | undefined;
}

/** What is typed after the last comma: a name or an address, never longer than one. */
export const suggestQuery = z.object({
  q: z.string({ error: msg('request:queryTwice') }).max(200, msg('request:queryTooLong'))
    .refine((s) => !/[\u0000-\u001f\u007f]/.test(s), msg('request:queryControls')).default(''),
});

export function contactsRoutes(opts: ContactsRouteOptions): Router {
  const router = Router();
  router.get('/contacts/suggest', async (req, res) => {
    const { q } = parse(suggestQuery, req.query);
    const mail = mailSessionOf(res);
    const self = mail.user.includes('@') ? mail.user : opts.mailDomain ? `${mail.user}@${opts.mailDomain}` : undefined;
    const found = await opts.contacts.suggest(mail, q, self);
    res.json({
      suggestions: found.contacts.map((c) => ({ name: c.name, address: c.address, text: formatAddress(c) })),
      ...(found.pending ? { pending: true } : {}),
    });
  });
  return router;
}

// Showing the compose form, for GET /compose and friends and for POST /compose when the form comes back: who the
// user is as a sender, which stored attachments the form can carry over, and the page itself.
import type { Response } from 'express';
import { identitiesOf, type IdentityPolicy } from '../../compose/identity.ts';
import type { Sender } from '../../compose/smtp-sender.ts';
import type { Contacts } from '../../contacts/contacts.ts';
import { loadDraft } from '../../mail/writing/drafts.ts';
import { asMailError } from '../../mail/errors/mail-errors.ts';
import type { MailSession } from '../../mail/connection/mail-session.ts';
import { readComposeSource } from '../../mail/writing/originals.ts';
import { mailSessionOf } from '../sessions/auth.ts';
import { IDENTITIES } from '../../settings/identities.ts';
import type { SettingsStore } from '../../settings/settings-store.ts';
import type { ComposeContext, Senders } from './compose-form.ts';
import { localeOf } from '../i18n/request-locale.ts';
import { settingsOf } from '../sessions/load-settings.ts';
import { shownFolders } from '../lists/shown-folders.ts';
import { composePage, type CarriedList, type ComposeState } from '../presenters/compose-page.ts';

export interface ComposeRouteOptions {
  sender: Sender;
  maxUploadBytes: number;
  /** MAIL_DOMAIN: makes a bare login ("demo") the address demo@<domain> instead of asking for one */
  mailDomain?: string | undefined;
  /** recipient suggestions: what Postern sends is counted at once */
  contacts?: Contacts | undefined;
  /** where each upload gets its private temp directory (os.tmpdir() in production) */
  tempRoot: string;
  /** multipart uploads read at once by this process; past it a POST /compose is refused with a 503 */
  maxConcurrentUploads: number;
  /** where the identities are kept */
  store: SettingsStore;
  /** IDENTITY_POLICY */
  identityPolicy: IdentityPolicy;
}

/**
 * Who the user may send as: their stored identities, or the login's own address while they have none. Read once
 * per request. A mail server that cannot give the document right now leaves the implicit identity: the form must
 * still come back with the user's text.
 */
export async function sendersOf(res: Response, opts: ComposeRouteOptions): Promise<Senders> {
  if (res.locals.senders) return res.locals.senders as Senders;
  const mail = mailSessionOf(res);
  const stored = await opts.store.read(mail, IDENTITIES).catch((err: unknown) => {
    const error = asMailError(err);
    if (!error || error.kind === 'auth') throw err;
    return IDENTITIES.empty();
  });
  const senders: Senders = {
    identities: identitiesOf(stored.identities, mail.user, opts.mailDomain),
    defaultId: stored.defaultId,
    policy: { policy: opts.identityPolicy, login: mail.user, mailDomain: opts.mailDomain },
  };
  res.locals.senders = senders;
  return senders;
}

// What a form shown again can still carry over: the draft's attachments, else the forwarded original's.
export async function carriedFor(mail: MailSession, context: ComposeContext): Promise<CarriedList | undefined> {
  try {
    if (context.draft !== undefined) {
      const draft = await loadDraft(mail, context.draft, { text: false });
      return { mailbox: draft.mailbox, uid: draft.uid, attachments: draft.attachments };
    }
    if (context.original?.mode !== 'forward') return undefined;
    const source = await readComposeSource(mail, context.original.mailbox, context.original.uid, { text: false });
    return { mailbox: source.mailbox, uid: source.uid, attachments: source.attachments };
  } catch (err) {
    if (!asMailError(err)) throw err;
    return undefined; // the form is still worth showing without them
  }
}

export async function renderCompose(res: Response, status: number, state: ComposeState, opts: ComposeRouteOptions): Promise<void> {
  // A form shown again after a failure must appear even when IMAP is what failed: the user's text is in it.
  const folders = await shownFolders(res).catch((err: unknown) => {
    if (!asMailError(err)) throw err;
    return [];
  });
  res.status(status).render('compose', composePage(folders, state, {
    senders: await sendersOf(res, opts), maxUploadBytes: opts.maxUploadBytes, fmt: localeOf(res), richText: settingsOf(res)?.composeFormat === 'html',
  }));
}

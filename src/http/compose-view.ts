// Showing the compose form, for GET /compose and friends and for POST /compose when the form comes back: who the
// user is as a sender, which stored attachments the form can carry over, and the page itself.
import type { Response } from 'express';
import type { Sender } from '../compose/smtp-sender.ts';
import type { Contacts } from '../contacts/contacts.ts';
import { loadDraft } from '../mail/writing/drafts.ts';
import { asMailError } from '../mail/errors/mail-errors.ts';
import type { MailSession } from '../mail/connection/mail-session.ts';
import { readComposeSource } from '../mail/writing/originals.ts';
import { mailSessionOf } from './auth.ts';
import type { ComposeContext } from './compose-form.ts';
import { localeOf } from './i18n/request-locale.ts';
import { shownFolders } from './shown-folders.ts';
import { composePage, type CarriedList, type ComposeState, type Remembered } from './presenters/compose-page.ts';

declare module 'express-session' {
  interface SessionData {
    /** the From name (and address, for a login that is not one) last used, to fill the next form */
    composeFrom: Remembered;
  }
}

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
}

/** Who the user is as a mail address when it can be known: the login, completed with MAIL_DOMAIN if bare. */
export function identityOf(mail: MailSession, opts: ComposeRouteOptions): string {
  return mail.user.includes('@') || !opts.mailDomain ? mail.user : `${mail.user}@${opts.mailDomain}`;
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
  const mail = mailSessionOf(res);
  // A form shown again after a failure must appear even when IMAP is what failed: the user's text is in it.
  const folders = await shownFolders(res).catch((err: unknown) => {
    if (!asMailError(err)) throw err;
    return [];
  });
  res.status(status).render('compose', composePage(folders, state, { login: identityOf(mail, opts), maxUploadBytes: opts.maxUploadBytes, fmt: localeOf(res) }));
}

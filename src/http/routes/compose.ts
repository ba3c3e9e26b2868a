// Writing mail: the compose form (new, draft, reply, reply-all, forward) and POST /compose, which sends or saves.
// POST is multipart (streamed uploads), so it checks the CSRF token itself once the fields are read (csrf.ts).
import { Router, type Request, type Response } from 'express';
import type { Sender } from '../../compose/smtp-sender.ts';
import type { Contacts } from '../../contacts/contacts.ts';
import { submitMessage, type SubmitOutcome } from '../../compose/submit.ts';
import { loadDraft } from '../../mail/writing/drafts.ts';
import { asMailError } from '../../mail/errors/mail-errors.ts';
import type { MailSession } from '../../mail/connection/mail-session.ts';
import { readComposeSource } from '../../mail/writing/originals.ts';
import { mailSessionOf } from '../auth.ts';
import { composeQuery, MAX_BODY_BYTES, parseComposeForm, parseContext, type ComposeContext } from '../compose-form.ts';
import { verifyCsrfToken } from '../csrf.ts';
import { localeOf } from '../i18n/request-locale.ts';
import { HttpError } from '../errors.ts';
import { msg } from '../i18n/translator.ts';
import { say, sayMailError } from '../i18n/user-text.ts';
import { shownFolders } from '../shown-folders.ts';
import { flash, takeFlash } from '../flash.ts';
import { readMultipart } from '../multipart.ts';
import { answerState, blankState, composePage, draftState, headingFor, type CarriedList, type ComposeState, type Remembered } from '../presenters/compose-page.ts';
import { failureMessage, sentMessage, statusOf } from '../presenters/compose-outcome.ts';
import { listToken, parseList } from '../list-state.ts';
import { mailboxUrl, messageUrl } from '../urls.ts';
import { messageParams, parse } from '../params.ts';

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
}

const MAX_FILES = 20;

/** Who the user is as a mail address when it can be known: the login, completed with MAIL_DOMAIN if bare. */
function identityOf(mail: MailSession, opts: ComposeRouteOptions): string {
  return mail.user.includes('@') || !opts.mailDomain ? mail.user : `${mail.user}@${opts.mailDomain}`;
}
const queryString = (value: unknown) => (typeof value === 'string' ? value : '');
const remembered = (req: Request): Remembered => req.session.composeFrom ?? { name: '', address: '' };

// What a form shown again can still carry over: the draft's attachments, else the forwarded original's.
async function carriedFor(mail: MailSession, context: ComposeContext): Promise<CarriedList | undefined> {
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

async function render(res: Response, status: number, state: ComposeState, opts: ComposeRouteOptions): Promise<void> {
  const mail = mailSessionOf(res);
  // A form shown again after a failure must appear even when IMAP is what failed: the user's text is in it.
  const folders = await shownFolders(res).catch((err: unknown) => {
    if (!asMailError(err)) throw err;
    return [];
  });
  res.status(status).render('compose', composePage(folders, state, { login: identityOf(mail, opts), maxUploadBytes: opts.maxUploadBytes, fmt: localeOf(res) }));
}

function afterSubmit(req: Request, res: Response, outcome: Exclude<SubmitOutcome, { kind: 'not-sent' }>, context: ComposeContext): void {
  if (outcome.kind === 'saved') {
    flash(req, 'info', { key: msg('compose:draftSaved') });
    const query = new URLSearchParams({ draft: String(outcome.draftUid) });
    if (context.original) {
      query.set('origMailbox', context.original.mailbox);
      query.set('origUid', String(context.original.uid));
      query.set('mode', context.original.mode);
      if (context.original.list) query.set('list', context.original.list);
    }
    return res.redirect(303, `/compose?${query}`);
  }
  if (outcome.rejected.length) req.log.info({ refused: outcome.rejected }, 'recipients refused');
  flash(req, outcome.warnings.length || outcome.rejected.length ? 'error' : 'info', sentMessage(outcome, localeOf(res)));
  const original = context.original;
  res.redirect(303, original ? messageUrl(original.mailbox, original.uid) + (original.list ? `?list=${encodeURIComponent(original.list)}` : '') : mailboxUrl('INBOX'));
}

export function composeRoutes(opts: ComposeRouteOptions): Router {
  const router = Router();

  router.get('/compose', takeFlash, async (req, res) => {
    const { to } = parse(composeQuery, req.query);
    const context = parseContext((name) => queryString(req.query[name]));
    const mail = mailSessionOf(res);
    const state = context.draft !== undefined
      ? draftState(await loadDraft(mail, context.draft), context.original)
      : blankState(to ?? '', remembered(req));
    await render(res, 200, state, opts);
  });

  for (const mode of ['reply', 'reply-all', 'forward'] as const) {
    router.get(`/message/:mailbox/:uid/${mode}`, takeFlash, async (req, res) => {
      const { mailbox, uid } = parse(messageParams, req.params);
      const mail = mailSessionOf(res);
      // The list the message was opened from goes along, so sending returns to the message within it.
      const list = listToken(parseList(req.query.list)) || undefined;
      const source = await readComposeSource(mail, mailbox, uid);
      const state = answerState(source, mode, identityOf(mail, opts), remembered(req), localeOf(res));
      const original = state.context.original && { ...state.context.original, list };
      await render(res, 200, { ...state, context: { ...state.context, original } }, opts);
    });
  }

  router.post('/compose', async (req, res) => {
    if (!req.is('multipart/form-data')) throw new HttpError(415, { key: msg('request:composeMultipart') });
    const form = await readMultipart(req, { maxFileBytes: opts.maxUploadBytes, maxFieldBytes: MAX_BODY_BYTES + 1, maxFiles: MAX_FILES });
    try {
      verifyCsrfToken(req, form.fields.get('_csrf')?.[0]);
      const mail = mailSessionOf(res);
      const result = parseComposeForm(form.fields, identityOf(mail, opts), form.truncated);
      const words = localeOf(res);
      const { t } = words;
      const errors = result.ok ? {} : Object.fromEntries(Object.entries(result.errors).map(([k, v]) => [k, say(v, words)]));
      const again = async (status: number, state: Partial<ComposeState>) => render(res, status, {
        heading: headingFor(state.context ?? result.context), values: result.values, context: result.context, keep: result.keep,
        carried: await carriedFor(mail, state.context ?? result.context), errors,
        askNoSubject: !result.ok && result.askNoSubject, ...state,
      }, opts);
      if (form.tooLarge) {
        return await again(413, { error: t('compose:uploadsTooLarge', { files: MAX_FILES, mb: Math.round(opts.maxUploadBytes / 1048576) }) });
      }
      if (!result.ok) {
        const uploads = form.files.filter((f) => f.field === 'attachments');
        // Only the empty-subject question: nothing is wrong, the form asks (200) and the fields above stay as typed.
        const asking = result.askNoSubject && Object.keys(result.errors).length === 0;
        const status = asking ? 200 : 400;
        if (uploads.length === 0) return await again(status, asking ? {} : { error: t('compose:fixFields') });
        // A form shown again cannot hold files: keep them, and what was carried, in Drafts until the fields are
        // fixed, as a failed send does. Only the text goes into the draft's headers; the typed fields stay in the form.
        const kept = await submitMessage(mail, opts.sender, {
          action: 'save',
          message: { from: undefined, to: [], cc: [], bcc: [], subject: result.values.subject.replace(/[\r\n]+/g, ' ').slice(0, 998), text: result.values.body },
          uploads: uploads.map((f) => ({ filename: f.filename, contentType: f.contentType, file: f.file })),
          keep: result.keep, draftUid: result.context.draft, original: result.context.original, workDir: form.dir,
        }).catch((err: unknown) => {
          if (!asMailError(err)) throw err;
          return undefined;
        });
        if (kept?.kind === 'saved') {
          return await again(status, {
            ...(asking ? { notice: t('compose:uploadsKept') } : { error: `${t('compose:fixFields')} ${t('compose:uploadsKept')}` }),
            context: { draft: kept.draftUid, original: result.context.original }, keep: undefined,
          });
        }
        return await again(400, { error: [asking ? '' : t('compose:fixFields'), t('compose:uploadsLost')].filter(Boolean).join(' ') });
      }
      const { parsed, values, context } = result;
      req.session.composeFrom = { name: values.fromName.trim(), address: parsed.from?.address ?? '' };
      let outcome: SubmitOutcome;
      try {
        outcome = await submitMessage(mail, opts.sender, {
          action: parsed.action,
          message: { from: parsed.from, to: parsed.to, cc: parsed.cc, bcc: parsed.bcc, subject: values.subject, text: values.body },
          uploads: form.files.filter((f) => f.field === 'attachments').map((f) => ({ filename: f.filename, contentType: f.contentType, file: f.file })),
          keep: result.keep, draftUid: context.draft, original: context.original, workDir: form.dir,
        });
      } catch (err) {
        // IMAP trouble before anything went out (original gone, no Drafts folder, server down): keep the form.
        const error = asMailError(err);
        if (!error || error.kind === 'auth') throw err;
        return await again(statusOf(error), { error: `${sayMailError(error, words)} ${t('compose:notDone', { action: parsed.action })}` });
      }
      if (outcome.kind === 'sent' && opts.contacts) {
        const refused = new Set(outcome.rejected.map((r) => r.address.toLowerCase()));
        const recipients = [...parsed.to, ...parsed.cc, ...parsed.bcc].filter((a) => !refused.has(a.address.toLowerCase()));
        await opts.contacts.noteSent(mail, { messageId: outcome.messageId, recipients });
      }
      if (outcome.kind !== 'not-sent') return afterSubmit(req, res, outcome, context);
      req.log.info(outcome.error.logFields, 'message not sent');
      const saved = { draft: outcome.draftUid ?? context.draft, original: context.original };
      return await again(statusOf(outcome.error), {
        error: failureMessage(outcome.error, outcome.draftUid !== undefined, words), context: saved, keep: outcome.draftUid !== undefined ? undefined : result.keep,
      });
    } finally {
      await form.dispose();
    }
  });

  return router;
}

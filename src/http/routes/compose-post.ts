// POST /compose: read the multipart form within its limits, then send or save it, or show it again with what was
// typed. The body is multipart (streamed uploads), so the CSRF token is checked here once the fields are read
// (csrf.ts). Every file of the request lives in its private temp directory, removed whatever happens.
import type { Request, RequestHandler, Response } from 'express';
import { submitMessage, type SubmitOutcome } from '../../compose/submit.ts';
import { asMailError } from '../../mail/errors/mail-errors.ts';
import { mailSessionOf } from '../sessions/auth.ts';
import { COMPOSE_FIELDS, MAX_FILES, parseComposeForm, type ComposeContext, type ComposeFormResult } from '../writing/compose-form.ts';
import { carriedFor, renderCompose, sendersOf, type ComposeRouteOptions } from '../writing/compose-view.ts';
import { rememberTypedSender, switchedIdentity } from '../writing/compose-identity.ts';
import { autosaveAnswer, autosaveSkipped, isAutosave } from '../writing/compose-autosave.ts';
import { htmlBody } from '../writing/compose-html.ts';
import { verifyCsrfToken } from '../sessions/csrf.ts';
import { HttpError } from '../pages/errors.ts';
import { flash } from '../pages/flash.ts';
import { localeOf } from '../i18n/request-locale.ts';
import { msg } from '../i18n/translator.ts';
import { say, sayMailError, type Words } from '../i18n/user-text.ts';
import { fieldAllowance, readMultipart, type MultipartBody, type MultipartLimits } from '../forms/multipart.ts';
import { droppedMessage, failureMessage, sentMessage, statusOf } from '../presenters/compose-outcome.ts';
import { headingFor, type ComposeState } from '../presenters/compose-page.ts';
import { declaredLength, refuseUpload } from '../forms/refuse-upload.ts';
import { uploadSlots } from '../forms/upload-slots.ts';
import { mailboxUrl, messageUrl } from '../pages/urls.ts';

export function composePost(opts: ComposeRouteOptions): RequestHandler {
  const mb = Math.round(opts.maxUploadBytes / 1048576);
  const limits: MultipartLimits = {
    fields: COMPOSE_FIELDS, fileField: 'attachments', maxFileBytes: opts.maxUploadBytes, maxFiles: MAX_FILES,
    maxRequestBytes: opts.maxUploadBytes + fieldAllowance(COMPOSE_FIELDS), tempRoot: opts.tempRoot,
    // Said on an error page, past which the browser's Back button brings the form back as it was.
    tooLargeMessage: msg('compose:requestTooLarge', { mb }),
  };
  const slots = uploadSlots(opts.maxConcurrentUploads);
  return async (req, res) => {
    if (!req.is('multipart/form-data')) throw new HttpError(415, { key: msg('request:composeMultipart') });
    // Too large is final, busy is not: say the first before the second.
    if ((declaredLength(req) ?? 0) > limits.maxRequestBytes) throw refuseUpload(req, 413, limits.tooLargeMessage);
    const release = slots.take();
    if (!release) {
      res.setHeader('Retry-After', '10');
      throw refuseUpload(req, 503, { key: msg('compose:uploadsBusy') });
    }
    try {
      const form = await readMultipart(req, limits);
      try {
        await handleForm(req, res, form, opts);
      } finally {
        await form.dispose();
      }
    } finally {
      release();
    }
  };
}

async function handleForm(req: Request, res: Response, form: MultipartBody, opts: ComposeRouteOptions): Promise<void> {
  verifyCsrfToken(req, form.fields.get('_csrf')?.[0]);
  const mail = mailSessionOf(res);
  const senders = await sendersOf(res, opts);
  const result = parseComposeForm(form.fields, senders, form.truncated);
  const words = localeOf(res);
  const { t } = words;
  const errors = result.ok ? {} : Object.fromEntries(Object.entries(result.errors).map(([k, v]) => [k, say(v, words)]));
  const again = async (status: number, state: Partial<ComposeState>) => renderCompose(res, status, {
    heading: headingFor(state.context ?? result.context), values: result.values, context: result.context, keep: result.keep,
    carried: await carriedFor(mail, state.context ?? result.context), errors,
    askNoSubject: !result.ok && result.askNoSubject, ...state,
  }, opts);

  const autosave = isAutosave(form.fields);
  if (autosave && (!result.ok || result.parsed.action !== 'save' || form.dropped.length)) return autosaveSkipped(res);
  if (!result.ok && result.switchIdentity) result.values = switchedIdentity(result.values, senders);
  if (!result.ok || form.dropped.length) {
    // Only a question, or a new identity: nothing is wrong, the form comes back (200) with the fields as typed.
    const asking = !result.ok && (result.askNoSubject || result.switchIdentity) && Object.keys(result.errors).length === 0;
    // A form shown again cannot hold files: keep the new ones, and what was carried, in Drafts until it is sent
    // again, as a failed send does. The typed fields stay in the form.
    const kept = await keepInDrafts(res, form, result, opts);
    const notes = [
      form.dropped.length ? droppedMessage(form.dropped, { maxUploadBytes: opts.maxUploadBytes, maxFiles: MAX_FILES }, words) : '',
      form.dropped.length && (result.ok ? result.parsed.action : 'send') === 'send' && !(!result.ok && result.switchIdentity) ? t('compose:nothingSent') : '',
      result.ok || asking ? '' : t('compose:fixFields'),
      typeof kept !== 'number' ? '' : form.dropped.length ? t('compose:otherUploadsKept') : t('compose:uploadsKept'),
      kept === false ? t('compose:uploadsLost') : '',
    ];
    const text = notes.filter(Boolean).join(' ');
    // The question alone with everything kept is information, not an error.
    const informing = asking && !form.dropped.length && kept !== false;
    const status = form.dropped.length ? 413 : informing ? 200 : 400;
    const said = !text ? {} : informing ? { notice: text } : { error: text };
    if (typeof kept !== 'number') return again(status, said);
    return again(status, { ...said, context: { draft: kept, original: result.context.original }, keep: undefined });
  }

  const { parsed, values, context } = result;
  const rich = htmlBody(values.bodyHtml);
  let outcome: SubmitOutcome;
  try {
    outcome = await submitMessage(mail, opts.sender, {
      action: parsed.action,
      message: { from: parsed.from, replyTo: parsed.replyTo, to: parsed.to, cc: parsed.cc, bcc: parsed.bcc, subject: values.subject, text: rich?.text ?? values.body, html: rich?.html },
      uploads: form.files, keep: result.keep, draftUid: context.draft, original: context.original, workDir: form.dir,
    });
  } catch (err) {
    // IMAP trouble before anything went out (original gone, no Drafts folder, server down): keep the form.
    const error = asMailError(err);
    if (!error || error.kind === 'auth') throw err;
    if (autosave) return autosaveSkipped(res);
    return again(statusOf(error), { error: `${sayMailError(error, words)} ${t('compose:notDone', { action: parsed.action })}` });
  }
  // An address typed because the user had no identity becomes their first one, kept on the server.
  if (outcome.kind !== 'not-sent' && !parsed.identity && parsed.from) await rememberTypedSender(res, opts, senders, parsed.from);
  if (outcome.kind === 'sent' && opts.contacts) {
    const refused = new Set(outcome.rejected.map((r) => r.address.toLowerCase()));
    const recipients = [...parsed.to, ...parsed.cc, ...parsed.bcc].filter((a) => !refused.has(a.address.toLowerCase()));
    await opts.contacts.noteSent(mail, { messageId: outcome.messageId, recipients });
  }
  if (autosave && outcome.kind === 'saved') return autosaveAnswer(res, outcome.draftUid, context.original);
  if (outcome.kind !== 'not-sent') return afterSubmit(req, res, outcome, context, words);
  req.log.info(outcome.error.logFields, 'message not sent');
  const saved = { draft: outcome.draftUid ?? context.draft, original: context.original };
  return again(statusOf(outcome.error), {
    error: failureMessage(outcome.error, outcome.draftUid !== undefined, words), context: saved, keep: outcome.draftUid !== undefined ? undefined : result.keep,
  });
}

/**
 * Saves the new uploads, with the attachments still carried, as a draft: the UID, undefined when there were no
 * new files, false when they could not be kept. The whole form goes in when it is valid; otherwise only the
 * subject and text, as the addresses may not parse.
 */
async function keepInDrafts(res: Response, form: MultipartBody, result: ComposeFormResult, opts: ComposeRouteOptions): Promise<number | false | undefined> {
  if (form.files.length === 0) return undefined;
  const mail = mailSessionOf(res);
  const { values } = result;
  const message = result.ok
    ? { from: result.parsed.from, to: result.parsed.to, cc: result.parsed.cc, bcc: result.parsed.bcc, subject: values.subject, text: values.body }
    : { from: undefined, to: [], cc: [], bcc: [], subject: values.subject.replace(/[\r\n]+/g, ' ').slice(0, 998), text: values.body };
  const kept = await submitMessage(mail, opts.sender, {
    action: 'save', message, uploads: form.files, keep: result.keep, draftUid: result.context.draft,
    original: result.context.original, workDir: form.dir,
  }).catch((err: unknown) => {
    if (!asMailError(err)) throw err;
    return undefined;
  });
  return kept?.kind === 'saved' ? kept.draftUid : false;
}

function afterSubmit(req: Request, res: Response, outcome: Exclude<SubmitOutcome, { kind: 'not-sent' }>, context: ComposeContext, words: Words): void {
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
  flash(req, outcome.warnings.length || outcome.rejected.length ? 'error' : 'info', sentMessage(outcome, words));
  const original = context.original;
  res.redirect(303, original ? messageUrl(original.mailbox, original.uid) + (original.list ? `?list=${encodeURIComponent(original.list)}` : '') : mailboxUrl('INBOX'));
}

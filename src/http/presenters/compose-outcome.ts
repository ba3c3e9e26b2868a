// What the user is told after Send: the flash after a delivery, or the message above the form shown again when
// the outgoing server would not take it (the text and attachments are then in Drafts), in the reader's language.
import type { MailError, RecipientRefusal } from '../../mail/errors/mail-errors.ts';
import { refusalsText } from '../../mail/errors/server-words.ts';
import type { UserText } from '../../mail/errors/user-text.ts';
import { msg } from '../i18n/translator.ts';
import { say, type Words } from '../i18n/user-text.ts';
import type { DroppedFile } from '../forms/multipart.ts';
import type { Formats } from './formats.ts';

// The compose form shown again: 503 when the server is away (try later), 422 when it refused this message.
// An SMTP auth failure is not a 401: the IMAP session is fine and must not be signed out.
export function statusOf(error: MailError): number {
  return { unavailable: 503, rejected: 422, auth: 422, 'too-large': 413, 'not-found': 404, exists: 409, timeout: 504, busy: 429 }[error.kind];
}

/** "The message was not sent: <why, by kind>. <which recipient and why>. <kept in Drafts, or not>" */
export function failureMessage(error: MailError, savedToDrafts: boolean, words: Words): string {
  // The detail is plain words (which recipient, and why); the server's reply itself is in the log.
  return [
    words.t('compose:notSent', { kind: error.kind }),
    error.detailText ? say(error.detailText, words) : '',
    words.t(savedToDrafts ? msg('compose:keptInDrafts') : msg('compose:notKept')),
  ].filter(Boolean).join(' ');
}

export function sentMessage(outcome: { rejected: RecipientRefusal[]; warnings: UserText[] }, words: Words): string {
  const refused = outcome.rejected.length ? say(msg('compose:sentRefused', { refusals: refusalsText(outcome.rejected) }), words) : '';
  return [words.t('compose:sent'), refused, ...outcome.warnings.map((w) => say(w, words))].filter(Boolean).join(' ');
}

/** Which new files were read but not attached, and the limit they passed, for the form shown again (413). */
export function droppedMessage(dropped: DroppedFile[], limits: { maxUploadBytes: number; maxFiles: number }, fmt: Formats): string {
  const names = dropped.map((d) => `${d.filename} (${fmt.size(d.size)})`).join(', ');
  const bySize = dropped.some((d) => d.reason === 'size');
  const byCount = dropped.some((d) => d.reason === 'count');
  // MAX_UPLOAD_MB counts binary megabytes: say the number the admin configured.
  return fmt.t('compose:notAttached', {
    names, rule: bySize && byCount ? 'both' : byCount ? 'count' : 'size', files: limits.maxFiles, mb: Math.round(limits.maxUploadBytes / 1048576),
  });
}

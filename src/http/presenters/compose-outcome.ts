// What the user is told after Send: the flash after a delivery, or the message above the form shown again when
// the outgoing server would not take it (the text and attachments are then in Drafts).
import type { MailError, RecipientRefusal } from '../../mail/errors/mail-errors.ts';
import { describeRefusals } from '../../mail/errors/server-words.ts';
import { formatSize } from '../../mime/format.ts';
import type { DroppedFile } from '../multipart.ts';

const NOT_SENT: Record<MailError['kind'], string> = {
  unavailable: 'The message was not sent: the outgoing mail server cannot be reached right now. Try again in a moment.',
  rejected: 'The message was not sent: the outgoing mail server refused it.',
  auth: 'The message was not sent: the outgoing mail server did not accept your user name and password.',
  'too-large': 'The message was not sent: the outgoing mail server says it is too large. Remove or shrink an attachment.',
  'not-found': 'The message was not sent: something it needs is no longer on the mail server.',
  exists: 'The message was not sent.',
  timeout: 'The message was not sent: the outgoing mail server did not answer in time. Try again in a moment.',
  busy: 'The message was not sent: too much is going on in this session. Try again in a moment.',
};

// The compose form shown again: 503 when the server is away (try later), 422 when it refused this message.
// An SMTP auth failure is not a 401: the IMAP session is fine and must not be signed out.
export function statusOf(error: MailError): number {
  return { unavailable: 503, rejected: 422, auth: 422, 'too-large': 413, 'not-found': 404, exists: 409, timeout: 504, busy: 429 }[error.kind];
}

export function failureMessage(error: MailError, savedToDrafts: boolean): string {
  // The detail is plain words (which recipient, and why); the server's reply itself is in the log.
  const said = error.detail ? ` ${error.detail}` : '';
  const kept = savedToDrafts
    ? ' Your message has been saved in Drafts, with its attachments.'
    : ' It could not be saved in Drafts either: copy your text before you leave this page.';
  return NOT_SENT[error.kind] + said + kept;
}

export function sentMessage(outcome: { rejected: RecipientRefusal[]; warnings: string[] }): string {
  const refused = outcome.rejected.length ? ` The server refused ${describeRefusals(outcome.rejected)}.` : '';
  return ['Message sent.' + refused, ...outcome.warnings].join(' ');
}

/** Which new files were read but not attached, and the limit they passed, for the form shown again (413). */
export function droppedMessage(dropped: DroppedFile[], limits: { maxUploadBytes: number; maxFiles: number }): string {
  const names = dropped.map((d) => `${d.filename} (${formatSize(d.size)})`).join(', ');
  // MAX_UPLOAD_MB counts binary megabytes: say the number the admin configured.
  const size = `${Math.round(limits.maxUploadBytes / 1048576)} MB together`;
  const count = `${limits.maxFiles} files`;
  const bySize = dropped.some((d) => d.reason === 'size');
  const byCount = dropped.some((d) => d.reason === 'count');
  const rule = bySize && byCount ? `${count} and ${size}` : byCount ? count : size;
  return `Not attached: ${names}. The attachments of one message may be at most ${rule}; send large files another way, or in several messages.`;
}

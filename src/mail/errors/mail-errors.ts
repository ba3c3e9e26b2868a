// The only place that reads imapflow/nodemailer error fields (STYLE.md 4). Everything above this layer sees a
// MailError with a kind, and one HTTP error handler maps kinds to statuses. Its message is plain words
// (server-words.ts), as a catalog key the page translates (user-text.ts) with the English kept for the log; the
// server's reply itself travels only to the log.
import { describeRefusals, IMAP_CODE_WORDS, refusalsText, serverSaid, smtpReason, type RecipientRefusal } from './server-words.ts';
import { userText, type UserText } from './user-text.ts';

export type { RecipientRefusal } from './server-words.ts';

// 'timeout': the server took longer than its deadline (config); 'busy': the user already has as many downloads
// running as one user may have.
export type MailErrorKind = 'auth' | 'not-found' | 'exists' | 'unavailable' | 'rejected' | 'too-large' | 'timeout' | 'busy';

export const TIMEOUT_MESSAGE = userText('mail:timeout', 'The mail server did not answer in time. Try again in a moment.');
export const SESSION_CLOSED = userText('mail:sessionClosed', 'This mail session has been closed.');

export interface MailErrorOptions {
  cause?: unknown;
  serverText?: string | undefined;
  code?: string | undefined;
  /** a plain sentence after the message: which recipient and why, or the server's cleaned words */
  detail?: UserText | undefined;
}

export class MailError extends Error {
  readonly kind: MailErrorKind;
  /** the message for people: a catalog key and its values (the English is `message`) */
  readonly text: UserText;
  /** a plain sentence about this failure for people, after the message: which recipient and why, or the server's cleaned words */
  readonly detailText: UserText | undefined;
  /** the server's reply as it came (IMAP NO/BAD text, SMTP reply): for the log only, never for a page */
  readonly serverText: string | undefined;
  /** the reply's machine-readable part, for the log: an RFC 5530 response code, or SMTP codes such as "550 5.1.1" */
  readonly code: string | undefined;

  /** `text` as a plain string has no catalog key: pages show it in English. */
  constructor(kind: MailErrorKind, text: UserText | string, options: MailErrorOptions = {}) {
    const words = typeof text === 'string' ? userText('', text) : text;
    super(words.english, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'MailError';
    this.kind = kind;
    this.text = words;
    this.detailText = options.detail;
    this.serverText = options.serverText;
    this.code = options.code;
  }

  /** The detail in English. */
  get detail(): string | undefined {
    return this.detailText?.english;
  }

  /** The message and the detail in English, as the log has them; pages translate `text` and `detailText`. */
  get userMessage(): string {
    return this.detail ? `${this.message} ${this.detail}` : this.message;
  }

  /** What a log line carries: the kind and the server's own words and codes. */
  get logFields(): { kind: MailErrorKind; code?: string; serverText?: string } {
    return { kind: this.kind, ...(this.code ? { code: this.code } : {}), ...(this.serverText ? { serverText: this.serverText } : {}) };
  }
}

interface ForeignError {
  code?: string;
  authenticationFailed?: boolean;
  tlsFailed?: boolean;
  responseStatus?: string;
  responseText?: string;
  serverResponseCode?: string;
  mailboxMissing?: boolean;
  responseCode?: number; // nodemailer: SMTP reply code
  response?: unknown;
  command?: string; // nodemailer: the SMTP command refused
  rejectedErrors?: unknown; // nodemailer: one error per refused recipient
  message?: string;
}

// imapflow's connect/greeting/STARTTLS/socket timeouts and nodemailer's (all of them ETIMEDOUT): the server is
// there, or was, and did not answer in time.
const TIMEOUT_CODES = new Set(['CONNECT_TIMEOUT', 'GREETING_TIMEOUT', 'UPGRADE_TIMEOUT', 'ETIMEOUT', 'ETIMEDOUT']);

// Socket-level and imapflow connection-state codes: the server went away or never answered.
const UNAVAILABLE_CODES = new Set([
  ...TIMEOUT_CODES, 'NoConnection', 'EConnectionClosed', 'ClosedAfterConnectText', 'ClosedAfterConnectTLS',
  'ECONNREFUSED', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE', 'StateLogout',
  'LockTimeout', 'ECONNECTION', 'ESOCKET', 'EDNS', 'ETHROTTLE', 'STARTTLS_INJECTION', 'ProxyError', 'EPROXY',
]);

/** True when the connection itself failed, so the same request on a fresh connection may succeed. */
export function isConnectionError(err: unknown): boolean {
  const e = err as ForeignError | null;
  return !!e && typeof e === 'object' && (UNAVAILABLE_CODES.has(e.code ?? '') || e.tlsFailed === true);
}

/**
 * The MailError for an error that came from the IMAP or SMTP client, or undefined for anything else: a bug in our
 * own code must stay a bug (a 500 in the logs), not pose as "mail server unavailable".
 */
export function asMailError(err: unknown): MailError | undefined {
  if (err instanceof MailError) return err;
  if (!err || typeof err !== 'object') return undefined;
  const e = err as ForeignError;
  const code = e.serverResponseCode?.toUpperCase();
  const raw = e.responseText || (typeof e.response === 'string' ? e.response : undefined);
  if (e.authenticationFailed || e.code === 'EAUTH' || code === 'AUTHENTICATIONFAILED') {
    return new MailError('auth', userText('mail:auth', 'The mail server did not accept that user name and password.'), { cause: err });
  }
  if (e.tlsFailed || /^(CERT_|DEPTH_ZERO|SELF_SIGNED|UNABLE_TO_|ERR_TLS_|ERR_SSL_)/.test(e.code ?? '')) {
    return new MailError('unavailable', userText('mail:tls', 'The mail server\'s TLS certificate was not accepted.'), { cause: err });
  }
  if (TIMEOUT_CODES.has(e.code ?? '')) return new MailError('timeout', TIMEOUT_MESSAGE, { cause: err });
  if (isConnectionError(err)) {
    return new MailError('unavailable', userText('mail:unreachable', 'The mail server cannot be reached right now.'), { cause: err });
  }
  // RFC 5530 response codes say what went wrong without parsing human text (server-words.ts).
  const log = { cause: err, serverText: raw, code };
  if (e.mailboxMissing || e.code === 'NotFound') return new MailError('not-found', IMAP_CODE_WORDS.NONEXISTENT!.text, log);
  const words = code ? IMAP_CODE_WORDS[code] : undefined;
  if (words) return new MailError(words.kind, words.text, { ...log, detail: words.detail ? serverSaid(raw) : undefined });
  if ((e.responseCode ?? 0) >= 400 || e.code === 'EENVELOPE' || e.code === 'EMESSAGE') return smtpError(e, log);
  if (e.responseStatus === 'NO') return new MailError('rejected', userText('mail:refused', 'The mail server refused the request.'), { ...log, detail: serverSaid(raw) });
  if (e.responseStatus === 'BAD') return new MailError('rejected', IMAP_CODE_WORDS.CLIENTBUG!.text, log);
  if (typeof e.code === 'string' || typeof e.responseStatus === 'string') {
    return new MailError('unavailable', userText('mail:unexpected', 'The mail server did not answer as expected.'), log);
  }
  return undefined;
}

/** The refused recipients of an SMTP transaction, each with plain words; `errors` is nodemailer's rejectedErrors. */
export function recipientRefusals(errors: unknown, addresses: readonly string[] = []): RecipientRefusal[] {
  const list = (Array.isArray(errors) ? errors : []) as ForeignError[];
  const refusals = list.map((e) => {
    const { reason, text, code } = smtpReason(typeof e.response === 'string' ? e.response : undefined, e.responseCode);
    const address = String((e as { recipient?: unknown }).recipient ?? '');
    return { address, reason, text, ...(code ? { code } : {}), ...(typeof e.response === 'string' ? { serverText: e.response } : {}) };
  });
  for (const address of addresses) {
    if (refusals.some((r) => r.address === address)) continue;
    const { reason, text } = smtpReason(undefined);
    refusals.push({ address, reason, text });
  }
  return refusals;
}

function smtpError(e: ForeignError, log: { cause: unknown; serverText: string | undefined }): MailError {
  const refusals = recipientRefusals(e.rejectedErrors);
  if (refusals.length) {
    return new MailError('rejected', userText('mail:smtp.refusedRecipients', 'The outgoing mail server refused the recipients.'), {
      ...log, code: refusals.map((r) => `${r.address}: ${r.code ?? '?'}`).join(', '),
      detail: userText('mail:smtp.itRefused', `It refused ${describeRefusals(refusals)}.`, { refusals: refusalsText(refusals) }),
    });
  }
  const refusedMessage = userText('mail:smtp.refusedMessage', 'The outgoing mail server refused the message.');
  if (typeof e.response !== 'string' && !e.responseCode) return new MailError('rejected', refusedMessage, log);
  const { reason, text, code } = smtpReason(typeof e.response === 'string' ? e.response : undefined, e.responseCode);
  // 552 without an enhanced code is "exceeded storage allocation", in answer to DATA the size of this message.
  const tooLarge = /\.(3\.4|2\.3)$/.test(code ?? '') || (code === '552' && e.command !== 'RCPT TO');
  const part = e.command === 'MAIL FROM' ? 'sender' : e.command === 'RCPT TO' ? 'recipient' : 'message';
  const what = { sender: 'the sender address', recipient: 'the recipient', message: 'the message' }[part];
  const message = tooLarge ? userText('mail:smtp.refusedTooLarge', 'The outgoing mail server refused it as too large.') : refusedMessage;
  return new MailError(tooLarge ? 'too-large' : 'rejected', message, {
    ...log, code, detail: userText('mail:smtp.itRefusedPart', `It refused ${what}: ${reason}.`, { part, reason: text }),
  });
}

/** Rethrows what the mail client threw as a MailError; anything else unchanged. */
export function rethrowAsMailError(err: unknown): never {
  throw asMailError(err) ?? err;
}

type ResponseToken = { value?: unknown; section?: { value?: unknown }[] } | null | unknown[];

/**
 * The bracketed response code of an imapflow tagged response, as upper-case atoms: `NO [METADATA MAXSIZE 1024]`
 * gives ['METADATA', 'MAXSIZE', '1024'] (RFC 3501 section 7.1). imapflow keeps only the first atom in
 * serverResponseCode, and only for commands it runs itself.
 */
export function responseCode(response: unknown): string[] | undefined {
  const first = (response as { attributes?: ResponseToken[] } | null)?.attributes?.[0];
  const section = first && !Array.isArray(first) ? first.section : undefined;
  if (!Array.isArray(section) || section.length === 0) return undefined;
  return section.map((t) => String(t?.value ?? '').toUpperCase());
}

/** responseCode of the tagged NO/BAD an imapflow command was rejected with. */
export function responseCodeOf(err: unknown): string[] | undefined {
  return err && typeof err === 'object' ? responseCode((err as ForeignError).response) : undefined;
}

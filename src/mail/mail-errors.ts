// The only place that reads imapflow/nodemailer error fields (STYLE.md 4). Everything above this layer sees a
// MailError with a kind, and one HTTP error handler maps kinds to statuses.

// 'timeout': the server took longer than its deadline (config); 'busy': the user already has as many downloads
// running as one user may have.
export type MailErrorKind = 'auth' | 'not-found' | 'exists' | 'unavailable' | 'rejected' | 'too-large' | 'timeout' | 'busy';

export const TIMEOUT_MESSAGE = 'The mail server did not answer in time. Try again in a moment.';

export class MailError extends Error {
  readonly kind: MailErrorKind;
  /** what the server said, when it is safe and useful to show (an IMAP NO text, an SMTP reply) */
  readonly serverText: string | undefined;

  constructor(kind: MailErrorKind, message: string, options?: { cause?: unknown; serverText?: string }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'MailError';
    this.kind = kind;
    this.serverText = options?.serverText;
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
  const text = e.responseText || undefined;
  if (e.authenticationFailed || e.code === 'EAUTH' || code === 'AUTHENTICATIONFAILED') {
    return new MailError('auth', 'The mail server did not accept that user name and password.', { cause: err });
  }
  if (e.tlsFailed || /^(CERT_|DEPTH_ZERO|SELF_SIGNED|UNABLE_TO_|ERR_TLS_|ERR_SSL_)/.test(e.code ?? '')) {
    return new MailError('unavailable', 'The mail server\'s TLS certificate was not accepted.', { cause: err });
  }
  if (TIMEOUT_CODES.has(e.code ?? '')) return new MailError('timeout', TIMEOUT_MESSAGE, { cause: err });
  if (isConnectionError(err)) {
    return new MailError('unavailable', 'The mail server cannot be reached right now.', { cause: err });
  }
  // RFC 5530 response codes say what went wrong without parsing human text.
  if (e.mailboxMissing || code === 'NONEXISTENT' || e.code === 'NotFound') {
    return new MailError('not-found', 'That folder or message does not exist.', { cause: err, ...(text ? { serverText: text } : {}) });
  }
  if (code === 'ALREADYEXISTS') return new MailError('exists', 'A folder with that name already exists.', { cause: err });
  if (code === 'TOOBIG' || code === 'OVERQUOTA' || code === 'LIMIT' || e.responseCode === 552) {
    return new MailError('too-large', 'The mail server refused it as too large or over quota.', { cause: err, ...(text ? { serverText: text } : {}) });
  }
  if (e.responseStatus === 'NO' || e.responseStatus === 'BAD' || (e.responseCode ?? 0) >= 400 || e.code === 'EENVELOPE' || e.code === 'EMESSAGE') {
    const serverText = text ?? (typeof e.response === 'string' ? e.response : undefined);
    return new MailError('rejected', 'The mail server refused the request.', { cause: err, ...(serverText ? { serverText } : {}) });
  }
  if (typeof e.code === 'string' || typeof e.responseStatus === 'string') {
    return new MailError('unavailable', 'The mail server did not answer as expected.', { cause: err });
  }
  return undefined;
}

/** Rethrows what the mail client threw as a MailError; anything else unchanged. */
export function rethrowAsMailError(err: unknown): never {
  throw asMailError(err) ?? err;
}

// The only place that turns socket, TLS and POP3 failures into kinds the settings page can explain (STYLE.md 4).
// Messages are written for the user; the server's own words travel separately in serverText.

export type Pop3ErrorKind =
  | 'dns' // the host name does not resolve
  | 'connect' // nothing answers on that host and port, or the connection broke
  | 'blocked' // the host is a loopback or private address and POP3_ALLOW_PRIVATE_HOSTS is off
  | 'tls' // handshake or certificate failed, wrong TLS mode, STLS missing, or plain text refused
  | 'auth' // user name or password refused
  | 'busy' // RFC 3206 [IN-USE] / [LOGIN-DELAY] / [SYS/TEMP]: try again later
  | 'no-uidl' // keep mode needs UIDL (RFC 1939 section 7) and the server has none
  | 'protocol' // the server said something that is not POP3, or refused a command
  | 'timeout' // no answer within POP3_TIMEOUT_SECONDS
  | 'too-large'; // a message is larger than POP3_MAX_MESSAGE_MB

/**
 * Which failure of a kind it was, where the kind alone would leave the user guessing what to change: the TLS mode
 * or the certificate, a missing STLS, plain text refused, a port that never greets.
 */
export type Pop3ErrorReason = 'plain-refused' | 'no-stls' | 'not-tls' | 'certificate' | 'injection' | 'no-greeting';

export class Pop3Error extends Error {
  readonly kind: Pop3ErrorKind;
  readonly reason: Pop3ErrorReason | undefined;
  /** the server's text after -ERR, when there is one: useful to show, never a secret */
  readonly serverText: string | undefined;

  constructor(kind: Pop3ErrorKind, message: string, options?: { cause?: unknown; serverText?: string; reason?: Pop3ErrorReason }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'Pop3Error';
    this.kind = kind;
    this.reason = options?.reason;
    this.serverText = options?.serverText;
  }
}

const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NODATA', 'EAI_NONAME']);
const CONNECT_CODES = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT', 'ECONNRESET', 'EPIPE', 'EADDRNOTAVAIL']);
// Node's TLS and OpenSSL certificate error codes.
const TLS_CODE = /^(ERR_SSL_|ERR_TLS_|CERT_|DEPTH_ZERO|SELF_SIGNED|UNABLE_TO_|HOSTNAME_MISMATCH|ERR_OSSL_)/;

/** A Pop3Error for a failure of the socket itself (or the error unchanged when it already is one). */
export function socketError(err: unknown, host: string): Pop3Error {
  if (err instanceof Pop3Error) return err;
  const code = (err as { code?: string } | null)?.code ?? '';
  if (DNS_CODES.has(code)) return new Pop3Error('dns', `The host name ${host} does not resolve.`, { cause: err });
  if (code === 'ERR_SSL_WRONG_VERSION_NUMBER' || code === 'ERR_SSL_PACKET_LENGTH_TOO_LONG') {
    // The usual reason: implicit TLS (pop3s, 995) spoken to a plain port (110).
    return new Pop3Error('tls', 'The server did not answer in TLS: this port may expect STLS or plain POP3, not pop3s.', { cause: err, reason: 'not-tls' });
  }
  if (TLS_CODE.test(code) || (err as { library?: string } | null)?.library === 'SSL routines') {
    return new Pop3Error('tls', 'The TLS connection failed: the server\'s certificate was not accepted.', { cause: err, reason: 'certificate' });
  }
  if (code === 'ECONNRESET' || code === 'EPIPE') {
    return new Pop3Error('connect', `The connection to ${host} broke.`, { cause: err });
  }
  if (CONNECT_CODES.has(code)) return new Pop3Error('connect', `Nothing answers on ${host} at that port.`, { cause: err });
  return new Pop3Error('connect', `The connection to ${host} failed.`, { cause: err });
}

/** The kind for a -ERR answer, from its RFC 2449 / RFC 3206 response code. */
export function refusal(command: string, text: string, authPhase: boolean): Pop3Error {
  const code = /^\[([A-Z/-]+)\]/i.exec(text)?.[1]?.toUpperCase();
  const serverText = text.slice(0, 300);
  if (code === 'IN-USE' || code === 'LOGIN-DELAY' || code === 'SYS/TEMP') {
    return new Pop3Error('busy', 'The POP3 server is busy with this mailbox (another client, or a minimum delay between logins); it will be tried again later.', { serverText });
  }
  if (authPhase && (code === 'AUTH' || code === undefined)) {
    return new Pop3Error('auth', 'The POP3 server did not accept that user name and password.', { serverText });
  }
  return new Pop3Error('protocol', `The POP3 server refused ${command}.`, { serverText });
}

// A POP3 account's failure in the reader's words: the engine's kind (src/pop3/pop3-error.ts, fetch-failure.ts),
// refined by its reason where that tells what to change (which TLS mode, the certificate), and the POP3 server's own
// words after -ERR when it gave some, cleaned and shortened. Never a stack, never Postern's internals.
import type { Translate } from '../i18n/translator.ts';
import { msg } from '../i18n/translator.ts';

const BY_KIND: Record<string, string> = {
  dns: msg('accounts:failure.dns'),
  connect: msg('accounts:failure.connect'),
  blocked: msg('accounts:failure.blocked'),
  tls: msg('accounts:failure.tls'),
  auth: msg('accounts:failure.auth'),
  busy: msg('accounts:failure.busy'),
  'no-uidl': msg('accounts:failure.noUidl'),
  protocol: msg('accounts:failure.protocol'),
  timeout: msg('accounts:failure.timeout'),
  'too-large': msg('accounts:failure.tooLarge'),
  target: msg('accounts:failure.target'),
  state: msg('accounts:failure.state'),
  lock: msg('accounts:failure.lock'),
  unavailable: msg('accounts:failure.unavailable'),
  'wrong-password': msg('accounts:failure.wrongPassword'),
};

const BY_REASON: Record<string, string> = {
  'plain-refused': msg('accounts:failure.tlsPlainRefused'),
  'no-stls': msg('accounts:failure.tlsNoStls'),
  'not-tls': msg('accounts:failure.tlsNotTls'),
  certificate: msg('accounts:failure.tlsCertificate'),
  injection: msg('accounts:failure.tlsInjection'),
  'no-greeting': msg('accounts:failure.timeoutNoGreeting'),
};

export interface FailureLike {
  kind: string;
  reason?: string | undefined;
  serverText?: string | undefined;
}

export function failureText(failure: FailureLike, t: Translate): string {
  const key = (failure.reason && BY_REASON[failure.reason]) || BY_KIND[failure.kind] || msg('accounts:failure.other');
  return t(key);
}

/** The server's words, one line, at most 160 characters; undefined when it said nothing worth showing. */
export function serverWords(failure: FailureLike, t: Translate): string | undefined {
  const said = failure.serverText?.replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ').replace(/\s+/g, ' ').trim();
  if (!said) return undefined;
  return t('accounts:status.serverSaid', { text: said.length > 160 ? `${said.slice(0, 159)}…` : said });
}

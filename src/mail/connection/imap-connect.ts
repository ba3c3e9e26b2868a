// Making one imapflow connection: the command connection of a MailSession and every download connection use it.
// Connect, greeting, STARTTLS and LOGIN all run under one sign-in deadline: imapflow's connectionTimeout and
// greetingTimeout cover only the first two, and a server that greets and then goes silent would otherwise hold a
// sign-in for as long as the socket timeout (minutes).
import tls from 'node:tls';
import { ImapFlow } from 'imapflow';
import type { Logger } from 'pino';
import { withDeadline } from './deadline.ts';
import { rethrowAsMailError } from '../errors/mail-errors.ts';

export interface ImapSettings {
  host: string;
  port: number;
  secure: boolean;
  startTls: boolean;
  tlsCa?: Buffer;
  /** imapflow closes a socket silent this long; we close idle sessions before that anyway */
  socketTimeoutMs: number;
  /** deadline of every call (IMAP_TIMEOUT_SECONDS), and the inactivity limit of a download; default 30 s */
  commandTimeoutMs?: number;
  /** deadline of connect + greeting + STARTTLS + LOGIN (LOGIN_TIMEOUT_SECONDS); default 15 s */
  loginTimeoutMs?: number;
  /** downloads streaming at once per session, each on its own connection (MAX_DOWNLOADS_PER_USER); default 2 */
  maxDownloads?: number;
}

/** The limits with their defaults filled in (config.ts has the same defaults for the environment). */
export function limitsOf(s: ImapSettings): { commandTimeoutMs: number; loginTimeoutMs: number; maxDownloads: number } {
  return { commandTimeoutMs: s.commandTimeoutMs ?? 30_000, loginTimeoutMs: s.loginTimeoutMs ?? 15_000, maxDownloads: s.maxDownloads ?? 2 };
}

export interface ImapAuth {
  user: string;
  pass: string;
  /** the browser's address, sent as ID x-originating-ip (Dovecot honours it from login_trusted_networks) */
  clientAddress?: string;
}

// One TLS context for every connection to the IMAP server: tls.connect builds a new one (an OpenSSL SSL_CTX with its
// certificate store, about 31 KB outside the JS heap) for each connection not given one, which an idle session would
// keep for its connection's whole life (issue 9: memory per session). The context holds only what is the same for
// all connections (CA, minimum version); the server name is still checked per connection.
const contexts = new WeakMap<ImapSettings, tls.SecureContext>();

export function tlsContextOf(s: ImapSettings): tls.SecureContext {
  let context = contexts.get(s);
  if (!context) contexts.set(s, (context = tls.createSecureContext({ ...(s.tlsCa ? { ca: s.tlsCa } : {}), minVersion: 'TLSv1.2' })));
  return context;
}

export function newImapClient(settings: ImapSettings, auth: ImapAuth, logger: Logger, socketTimeoutMs: number): ImapFlow {
  const s = settings;
  const client = new ImapFlow({
    host: s.host,
    port: s.port,
    secure: s.secure,
    doSTARTTLS: s.startTls,
    auth: { user: auth.user, pass: auth.pass },
    tls: { secureContext: tlsContextOf(s) },
    // MailSession drives IDLE itself (idle-watch.ts): imapflow's auto-IDLE would start between the commands of one
    // call and does not stop for exec() (SORT, SEARCH, METADATA).
    disableAutoIdle: true,
    // COMPRESS (RFC 4978) costs about 300 KB of zlib state per connection, and imapflow's compressed write path
    // queues without backpressure, which would hold a streamed APPEND (append-file.ts) whole in memory.
    disableCompression: true,
    // ENABLE QRESYNC (RFC 7162): re-selecting a mailbox reports what was expunged (VANISHED) and which flags changed
    // since the cache's HIGHESTMODSEQ, and expunges arrive as UIDs; imapflow enables CONDSTORE in any case.
    qresync: true,
    connectionTimeout: limitsOf(s).loginTimeoutMs,
    greetingTimeout: limitsOf(s).loginTimeoutMs,
    socketTimeout: socketTimeoutMs,
    logger: false,
    // imapflow sends ID before LOGIN (after STARTTLS), which is when Dovecot's login process reads it.
    clientInfo: { name: 'Postern', ...(auth.clientAddress ? { 'x-originating-ip': auth.clientAddress } : {}) },
  });
  // Without a listener an 'error' event would crash the process; the failure shows up on the next command.
  client.on('error', (err: Error & { code?: string }) => {
    logger.warn({ user: auth.user, code: err.code, msg: err.message }, 'imap connection error');
  });
  return client;
}

/** Connects and logs in within the sign-in deadline; on any failure the connection is closed and a MailError thrown. */
export async function connectWithin(client: ImapFlow, ms: number): Promise<void> {
  try {
    await withDeadline(client.connect(), ms, () => client.close());
  } catch (err) {
    client.close();
    rethrowAsMailError(err);
  }
}

/** How long a LOGOUT is waited for (shutdown waits this, after SHUTDOWN_GRACE_SECONDS: docs/examples/postern@.service). */
export const LOGOUT_WAIT_MS = 3000;

/** LOGOUT, politely but briefly: a server that does not answer is not waited for; the socket is closed either way. */
export async function logoutQuietly(client: ImapFlow, waitMs = LOGOUT_WAIT_MS): Promise<void> {
  try {
    if (client.usable) await withDeadline(client.logout(), waitMs, () => undefined);
  } catch {
    // The server may already be gone; closing the socket is all that is left to do.
  } finally {
    client.close();
  }
}

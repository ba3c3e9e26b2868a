// Handing a built message to the admin's submission server. Each send opens its own connection with the user's
// own credentials (SMTP AUTH, RFC 4954): a shared pool would need a shared account, and sending is rare next to
// reading. Failures come back as MailError kinds (mail-errors.ts reads nodemailer's codes), never as raw errors.
import { createReadStream } from 'node:fs';
import nodemailer from 'nodemailer';
import { recipientRefusals, rethrowAsMailError, type RecipientRefusal } from '../mail/errors/mail-errors.ts';
import type { Envelope } from './build-message.ts';

/** The SMTP endpoint as config.ts parses SMTP_URL (its ServerEndpoint, declared here so compose stays below config). */
export interface SmtpEndpoint {
  host: string;
  port: number;
  /** implicit TLS (smtps://) */
  secure: boolean;
  /** STARTTLS required (smtp://); neither flag means plain text, which config.ts allows only on loopback */
  startTls: boolean;
}

export interface SmtpCredentials {
  user: string;
  pass: string;
}

export interface SendResult {
  accepted: string[];
  /** recipients the server refused while accepting others, with plain reasons (all refused is an error) */
  rejected: RecipientRefusal[];
  response: string;
}

export interface Sender {
  /** sends the raw message in `file` (built by buildMessage) as it is, streamed from the file */
  send(file: string, envelope: Envelope, credentials: SmtpCredentials): Promise<SendResult>;
}

export interface SmtpSenderOptions {
  tlsCa?: Buffer | undefined;
  /** give up on a server that does not answer; a browser waiting minutes for a page is worse than an error */
  timeoutMs?: number;
}

const asStrings = (list: unknown): string[] =>
  Array.isArray(list) ? list.map((x) => (typeof x === 'string' ? x : String((x as { address?: string })?.address ?? x))) : [];

export function createSmtpSender(endpoint: SmtpEndpoint, opts: SmtpSenderOptions = {}): Sender {
  const timeout = opts.timeoutMs ?? 30_000;
  return {
    async send(file, envelope, credentials) {
      const transport = nodemailer.createTransport({
        host: endpoint.host,
        port: endpoint.port,
        secure: endpoint.secure,
        requireTLS: endpoint.startTls,
        // smtp+insecure:// asked for plain text; an opportunistic upgrade to a certificate we cannot check would
        // fail the send for nothing.
        ignoreTLS: !endpoint.secure && !endpoint.startTls,
        tls: { ...(opts.tlsCa ? { ca: opts.tlsCa } : {}), minVersion: 'TLSv1.2' },
        auth: { user: credentials.user, pass: credentials.pass },
        connectionTimeout: timeout,
        greetingTimeout: timeout,
        socketTimeout: timeout * 2,
        logger: false,
      });
      try {
        // `raw` goes out byte for byte: nodemailer adds no header to a raw message, reads a stream as it goes (no
        // copy in memory), and destroys it when the send fails.
        const raw = createReadStream(file);
        const info = await transport.sendMail({ envelope: { from: envelope.from, to: envelope.to }, raw });
        const rejected = recipientRefusals((info as { rejectedErrors?: unknown }).rejectedErrors, asStrings(info.rejected));
        return { accepted: asStrings(info.accepted), rejected, response: String(info.response ?? '') };
      } catch (err) {
        rethrowAsMailError(err);
      } finally {
        transport.close();
      }
    },
  };
}

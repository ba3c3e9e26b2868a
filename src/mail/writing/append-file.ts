// APPEND of a message that lives in a file, streamed: the message is never whole in memory, whatever its size
// (DESIGN.md, uploads). imapflow's append() takes only a Buffer, and its command compiler only Buffer literals, so
// the command is sent through imapflow's own queue (exec) with the literal announced by hand as a synchronizing
// literal (RFC 3501 section 4.3; literal8, RFC 3516, for a file with NUL bytes when the server has BINARY). The
// server answers "+" to go on or a tagged NO (too large, no such folder) before a byte of the message is sent;
// after "+" the file is written straight to the connection with backpressure, then the CRLF that ends the command.
// Its deadline follows the transfer (MailSession's 'progress' calls): IMAP_TIMEOUT_SECONDS for the server's "+",
// again from every piece of the file the connection takes, and after the last one that plus the time the bytes still
// on their way may need: a 60 MB message over a slow link is never cut for being slow, a stuck one is cut early.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import { encodePath, enhanceCommandError, formatDateTime, formatFlag, normalizePath } from 'imapflow/lib/tools.js';
import { MailError } from '../errors/mail-errors.ts';
import { userText } from '../errors/user-text.ts';
import type { ImapClient, MailSession, Progress } from '../connection/mail-session.ts';

const BROKE_OFF = userText('mail:appendBrokeOff', 'The connection to the mail server broke off.');
const BROKE_OFF_MIDWAY = userText('mail:appendBrokeOffMidway', 'The connection to the mail server broke off in the middle of the message.');

export interface AppendFileOptions {
  flags?: string[];
  /** the INTERNALDATE to store (a fetched message's arrival time); the server's clock when absent */
  internalDate?: Date;
}

export interface AppendedMessage {
  /** from APPENDUID (RFC 4315); absent on servers without UIDPLUS */
  uid?: number;
  uidValidity?: bigint;
}

/**
 * A server that takes no bytes for this long while the message is written has stalled: the connection is dropped,
 * however long IMAP_TIMEOUT_SECONDS is (an admin may raise that for slow searches, not for dead sockets).
 */
const STALL_MS = 60_000;

// After the last byte, what sits in buffers on the way still has to reach the server (Linux lets a socket's send
// buffer grow to 4 MiB, a slow link's queue may hold more) before it can answer: that much, at the slowest rate
// a transfer may keep (32 KB/s, POP3's floor too), is added to the wait for the answer.
const IN_FLIGHT_BYTES = 4 * 1024 * 1024;
const SLOWEST_BYTES_PER_SECOND = 32 * 1024;
const inFlightMs = (size: number) => Math.ceil((Math.min(size, IN_FLIGHT_BYTES) / SLOWEST_BYTES_PER_SECOND) * 1000);

// What exec() answers: the tagged response, and next() to let imapflow send the queued command after it.
interface ExecResponse {
  response: { attributes?: { section?: { value?: unknown }[] }[] };
  next(): void;
}

// The parts of imapflow used here that its typings leave out. They are the same calls its own append() makes; the
// tests run this against Dovecot, so an imapflow update that changes them fails there, not in production.
interface ImapInternals {
  exec(command: string, attributes: unknown[], options: { onPlusTag: () => Promise<void> }): Promise<ExecResponse>;
  writeSocket: Writable | false | null;
}

/**
 * APPENDs the message in `file` to `mailbox` over the session's connection. Never retried: APPEND is not
 * idempotent, and a connection that drops mid-message may have stored it anyway.
 */
export async function appendMessageFile(session: MailSession, mailbox: string, file: string, opts: AppendFileOptions = {}): Promise<AppendedMessage> {
  const { size } = await stat(file);
  // Read before the call, so the connection is not held while the file is scanned.
  const nul = await hasNul(file);
  return session.withClient(
    (client, progress) => appendOnClient(client, mailbox, { file, size, nul }, opts, progress),
    { retry: false, deadline: 'progress' },
  );
}

interface MessageFile {
  file: string;
  size: number;
  /** it holds a NUL byte */
  nul: boolean;
}

async function appendOnClient(client: ImapClient, mailbox: string, message: MessageFile, opts: AppendFileOptions, progress: Progress): Promise<AppendedMessage> {
  const { file, size } = message;
  const limit = client.capabilities.get('APPENDLIMIT');
  if (typeof limit === 'number' && limit < size) {
    const mb = Math.floor(limit / 1048576);
    throw new MailError('too-large', userText('mail:appendTooLarge', `The mail server takes messages of at most ${mb} MB.`, { mb }));
  }
  const flags = (opts.flags ?? []).map((f) => formatFlag(f)).filter((f): f is string => !!f);
  const date = opts.internalDate ? formatDateTime(opts.internalDate) : undefined;
  // Without BINARY a NUL byte goes in a plain literal, as imapflow's own append() does; the server may refuse it.
  const literal8 = client.capabilities.has('BINARY') && message.nul;
  const attributes: unknown[] = [{ type: 'ATOM', value: encodePath(client, normalizePath(client, mailbox)) }];
  if (flags.length || date) attributes.push(flags.map((value) => ({ type: 'ATOM', value })));
  if (date) attributes.push({ type: 'STRING', value: date });
  // TEXT goes on the wire as written: the literal's announcement, sent without its data.
  attributes.push({ type: 'TEXT', value: `${literal8 ? '~' : ''}{${size}}` });

  const internals = client as unknown as ImapInternals;
  let sending: Promise<void> | undefined;
  let response: ExecResponse;
  try {
    response = await internals.exec('APPEND', attributes, {
      onPlusTag: async () => {
        if (sending) return;
        progress();
        const socket = internals.writeSocket;
        // Once the server waits for the literal, the only way out of a failed write is to drop the connection:
        // the command then fails with a connection error, and the session reconnects on its next call.
        sending = socket ? writeLiteral(socket, message, progress) : Promise.reject(new MailError('unavailable', BROKE_OFF));
        sending.catch(() => client.close());
      },
    });
  } catch (err) {
    // A failed write explains the dropped connection better than the connection error it caused.
    if (sending) await sending;
    // The server's response code (TRYCREATE, OVERQUOTA...) as imapflow's own commands report it, for mail-errors.ts.
    if (err && typeof err === 'object' && 'response' in err) await enhanceCommandError(err as Parameters<typeof enhanceCommandError>[0]);
    throw err;
  }
  response.next();
  return appendUid(response);
}

async function writeLiteral(socket: Writable, { file, size }: MessageFile, progress: Progress): Promise<void> {
  let sent = 0;
  for await (const chunk of createReadStream(file, { highWaterMark: 64 * 1024 }) as AsyncIterable<Buffer>) {
    sent += chunk.length;
    // The literal's length was announced: a file that changed since would break the protocol stream.
    if (sent > size) break;
    if (socket.destroyed || !socket.writable) throw new MailError('unavailable', BROKE_OFF_MIDWAY);
    if (!socket.write(chunk)) await drained(socket);
    progress();
  }
  if (sent !== size) throw new Error(`message file changed while it was being appended (${sent} of ${size} bytes)`);
  socket.write('\r\n');
  progress(inFlightMs(size));
}

function drained(socket: Writable): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = (err?: Error) => {
      clearTimeout(timer);
      socket.off('drain', onDrain).off('close', onClose).off('error', onClose);
      if (err) reject(err);
      else resolve();
    };
    const onDrain = () => done();
    const onClose = () => done(new MailError('unavailable', BROKE_OFF_MIDWAY));
    const timer = setTimeout(() => done(new MailError('timeout', userText('mail:appendStalled', 'The mail server stopped taking the message.'))), STALL_MS);
    socket.on('drain', onDrain).on('close', onClose).on('error', onClose);
  });
}

// RFC 4315: "OK [APPENDUID <uidvalidity> <uid>] ...". A malformed code only loses the UID, never the stored message.
function appendUid(response: ExecResponse): AppendedMessage {
  const section = response.response.attributes?.[0]?.section;
  const values = (section ?? []).map((s) => (typeof s?.value === 'string' ? s.value : ''));
  if (values[0]?.toUpperCase() !== 'APPENDUID' || !/^\d{1,10}$/.test(values[2] ?? '')) return {};
  return { uid: Number(values[2]), ...(/^\d{1,10}$/.test(values[1] ?? '') ? { uidValidity: BigInt(values[1]!) } : {}) };
}

/** Whether the file has a NUL byte, which only a literal8 may carry (RFC 3516). Reads it once, in chunks. */
async function hasNul(file: string): Promise<boolean> {
  for await (const chunk of createReadStream(file, { highWaterMark: 64 * 1024 }) as AsyncIterable<Buffer>) {
    if (chunk.includes(0)) return true;
  }
  return false;
}

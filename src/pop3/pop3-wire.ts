// The bytes of one POP3 connection: status lines of bounded length, multi-line answers, and message bodies
// streamed through the dot-unstuffer into a Writable. The socket is paused while too much is buffered and the
// Writable's backpressure is honoured, so memory stays flat whatever the message size.
import { once } from 'node:events';
import type { Socket } from 'node:net';
import type { Writable } from 'node:stream';
import type { Deadline } from './deadline.ts';
import { DotUnstuffer } from './dot-unstuff.ts';
import { Pop3Error, socketError } from './pop3-error.ts';

/** RFC 2449 section 4 caps a response line at 512 octets; CAPA and UIDL lines of real servers stay far below 4 KB. */
export const MAX_LINE = 4096;
const HIGH_WATER = 1024 * 1024;
const LF = 0x0a;

export class Pop3Wire {
  readonly #host: string;
  #socket: Socket;
  // Chunks as they came, not one growing buffer: TLS delivers about 4 KB at a time, and concatenating each onto
  // the rest copied a megabyte hundreds of times over per megabyte received.
  #chunks: Buffer[] = [];
  #buffered = 0;
  #failure: Pop3Error | undefined;
  #wake: (() => void) | undefined;
  readonly #onData = (chunk: Buffer) => {
    this.#chunks.push(chunk);
    this.#buffered += chunk.length;
    if (this.#buffered > HIGH_WATER) this.#socket.pause();
    this.#notify();
  };
  readonly #onError = (err: Error) => this.#fail(socketError(err, this.#host));
  readonly #onClose = () => this.#fail(new Pop3Error('connect', `The connection to ${this.#host} was closed by the server.`));

  constructor(socket: Socket, host: string) {
    this.#host = host;
    this.#socket = socket;
    this.#listen(socket);
  }

  /** Hands the socket over for STLS; refuses if the server sent anything after its +OK (RFC 2595 section 4 injection). */
  detach(): Socket {
    if (this.#buffered) throw new Pop3Error('tls', 'The server sent data before the TLS handshake; the connection was dropped.', { reason: 'injection' });
    const socket = this.#socket;
    socket.off('data', this.#onData).off('error', this.#onError).off('close', this.#onClose).off('end', this.#onClose);
    return socket;
  }

  attach(socket: Socket): void {
    this.#socket = socket;
    this.#listen(socket);
  }

  write(line: string): void {
    if (this.#failure) throw this.#failure;
    this.#socket.write(`${line}\r\n`, 'latin1');
  }

  /** One line without its CRLF, as latin1 (no decoding can fail or change a byte). */
  async readLine(deadline: Deadline): Promise<string> {
    for (;;) {
      const first = this.#chunks[0];
      const end = first ? first.indexOf(LF) : -1;
      if (first && end >= 0) {
        if (end > MAX_LINE) break;
        const line = first.subarray(0, end > 0 && first[end - 1] === 0x0d ? end - 1 : end).toString('latin1');
        this.#consume(end + 1);
        return line;
      }
      if (first && first.length > MAX_LINE) break;
      if (this.#chunks.length > 1) {
        // A line split across chunks: join the first two (short, since a line is at most MAX_LINE) and look again.
        this.#chunks.splice(0, 2, Buffer.concat([first!, this.#chunks[1]!]));
        continue;
      }
      await this.#waitForData(deadline);
    }
    this.destroy();
    throw new Pop3Error('protocol', 'The server sent a line longer than POP3 allows.');
  }

  /** The lines of a multi-line answer (CAPA, LIST, UIDL), unstuffed, up to the terminating ".". */
  async readLines(deadline: Deadline, maxLines: number): Promise<string[]> {
    const lines: string[] = [];
    for (;;) {
      const line = await this.readLine(deadline);
      if (line === '.') return lines;
      if (lines.length >= maxLines) {
        this.destroy();
        throw new Pop3Error('protocol', 'The server sent more lines than any mailbox listing needs.');
      }
      lines.push(line.startsWith('.') ? line.slice(1) : line);
    }
  }

  /** A message body (RETR), unstuffed and written to `out` byte for byte; returns the number of bytes written. */
  async readBody(out: Writable, deadline: Deadline, maxBytes: number): Promise<number> {
    const unstuffer = new DotUnstuffer();
    let written = 0;
    for (;;) {
      if (!this.#chunks.length) await this.#waitForData(deadline);
      const chunk = this.#chunks[0]!;
      this.#consume(chunk.length);
      const { data, rest } = unstuffer.push(chunk);
      for (const piece of data) {
        written += piece.length;
        if (written > maxBytes) {
          this.destroy();
          throw new Pop3Error('too-large', 'The message is larger than the size limit for fetched mail.');
        }
        if (!out.write(piece)) await drained(out, deadline);
      }
      if (rest) {
        if (rest.length) {
          this.#chunks.unshift(rest);
          this.#buffered += rest.length;
        }
        return written;
      }
    }
  }

  destroy(): void {
    this.#socket.destroy();
    this.#failure ??= new Pop3Error('connect', 'The POP3 connection was closed.');
  }

  #listen(socket: Socket): void {
    socket.on('data', this.#onData).on('error', this.#onError).on('close', this.#onClose).on('end', this.#onClose);
  }

  /** Drops `bytes` from the front of the first chunk. */
  #consume(bytes: number): void {
    const first = this.#chunks[0]!;
    if (bytes >= first.length) this.#chunks.shift();
    else this.#chunks[0] = first.subarray(bytes);
    this.#buffered -= Math.min(bytes, first.length);
    if (this.#buffered <= HIGH_WATER && this.#socket.isPaused()) this.#socket.resume();
  }

  #fail(err: Pop3Error): void {
    this.#failure ??= err;
    this.#notify();
  }

  #notify(): void {
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }

  async #waitForData(deadline: Deadline): Promise<void> {
    // Bytes already received still count after the server hung up: they are read before the failure is reported.
    if (this.#failure) throw this.#failure;
    const left = deadline.remaining();
    if (left <= 0) return this.#timedOut();
    let timer: NodeJS.Timeout | undefined;
    const arrived = await new Promise<boolean>((resolve) => {
      this.#wake = () => resolve(true);
      timer = setTimeout(() => resolve(false), left);
    });
    clearTimeout(timer);
    this.#wake = undefined;
    if (!arrived) return this.#timedOut();
    if (this.#buffered) deadline.touch();
    else if (this.#failure) throw this.#failure;
  }

  #timedOut(): never {
    const err = new Pop3Error('timeout', 'The POP3 server stopped answering (timeout).');
    this.#failure ??= err;
    this.#socket.destroy();
    throw err;
  }
}

async function drained(out: Writable, deadline: Deadline): Promise<void> {
  if (out.errored) throw out.errored;
  // A disk that does not take the bytes in time is a stall like any other.
  const signal = AbortSignal.timeout(Math.max(1, deadline.remaining()));
  try {
    await once(out, 'drain', { signal });
  } catch (err) {
    if (signal.aborted) throw new Pop3Error('timeout', 'Writing the fetched message to disk stalled.', { cause: err });
    throw err;
  }
  deadline.touch();
}

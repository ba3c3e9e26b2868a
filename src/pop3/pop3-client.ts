// A POP3 client (RFC 1939) with CAPA (RFC 2449), STLS (RFC 2595), AUTH PLAIN (RFC 5034, RFC 4616) and RETR
// streamed to a Writable. Our own because the npm clients decode message bodies as text, skip dot-unstuffing or
// lack STLS (docs/DESIGN.md "POP3 accounts"). One command at a time, each with a deadline; the first failure
// closes the connection, and a connection closed without QUIT deletes nothing (RFC 1939 section 6).
import type { Writable } from 'node:stream';
import { Deadline } from './deadline.ts';
import { Pop3Error, refusal } from './pop3-error.ts';
import { isLoopback, openSocket, resolveHost, upgradeSocket, type SocketOptions } from './pop3-socket.ts';
import { Pop3Wire } from './pop3-wire.ts';

export type Pop3Security = 'pop3s' | 'starttls' | 'plain';

export interface Pop3ConnectOptions extends SocketOptions {
  security: Pop3Security;
  user: string;
  password: string;
  timeoutMs: number;
  /** USER/PASS over a connection without TLS to a host that is not loopback (POP3_ALLOW_INSECURE) */
  allowInsecure: boolean;
}

export interface Pop3Listing {
  number: number;
  size: number;
}

/** Large enough for any real mailbox listing, small enough that a runaway server cannot fill memory. */
const MAX_LISTING = 1_000_000;
// RFC 1939 section 7: a unique-id is 1 to 70 characters in 0x21-0x7E.
const UIDL_LINE = /^(\d{1,9}) ([\x21-\x7e]{1,70})$/;
const LIST_LINE = /^(\d{1,9}) (\d{1,15})(?: .*)?$/;
// The longest lines a listing of `count` messages holds, for its deadline.
const LIST_LINE_BYTES = 32;
const UIDL_LINE_BYTES = 82;

export class Pop3Client {
  readonly #wire: Pop3Wire;
  readonly #timeoutMs: number;
  capabilities = new Map<string, string[]>();

  private constructor(wire: Pop3Wire, timeoutMs: number) {
    this.#wire = wire;
    this.#timeoutMs = timeoutMs;
  }

  /** Connects, reads the greeting, secures the connection as asked and signs in. */
  static async connect(o: Pop3ConnectOptions): Promise<Pop3Client> {
    // The password goes on the wire as a command argument: a CR or LF would end it and start another command.
    if (/[\r\n\0]/.test(o.user + o.password) || !o.user) throw new Pop3Error('auth', 'The user name or password contains characters POP3 cannot carry.');
    const deadline = new Deadline(o.timeoutMs);
    const address = await resolveHost(o, deadline);
    if (o.security === 'plain' && !o.allowInsecure && !isLoopback(address)) {
      throw new Pop3Error('tls', 'Plain POP3 would send the password unencrypted: use pop3s (port 995) or STLS.', { reason: 'plain-refused' });
    }
    const wire = new Pop3Wire(await openSocket(o, address, o.security === 'pop3s', deadline), o.host);
    const client = new Pop3Client(wire, o.timeoutMs);
    try {
      // Nothing is sent before a POP3 greeting: a port that is not POP3 (Redis, SMTP) never sees our bytes.
      const greeting = await wire.readLine(new Deadline(o.timeoutMs)).catch((err: unknown) => {
        // A pop3s port (995) waits silently for the client's TLS hello: the usual cause of a missing greeting.
        if (err instanceof Pop3Error && err.kind === 'timeout' && o.security !== 'pop3s') {
          throw new Pop3Error('timeout', 'The server sent no POP3 greeting in time: if this port expects TLS from the start (pop3s, 995), choose that.', { reason: 'no-greeting' });
        }
        throw err;
      });
      if (!greeting.startsWith('+OK')) {
        throw greeting.startsWith('-ERR') ? refusal('the connection', greeting.slice(5), false) : new Pop3Error('protocol', `${o.host} did not greet like a POP3 server.`);
      }
      await client.#readCapabilities();
      if (o.security === 'starttls') {
        const answer = await client.#command('STLS');
        if (!answer.ok) throw new Pop3Error('tls', 'The server does not offer STLS on this port: use pop3s (port 995) instead.', { serverText: answer.text, reason: 'no-stls' });
        wire.attach(await upgradeSocket(wire.detach(), o, new Deadline(o.timeoutMs)));
        await client.#readCapabilities(); // RFC 2595 section 4: forget what was learned before TLS
      }
      await client.#signIn(o.user, o.password);
      await client.#readCapabilities(); // some servers announce more after sign-in (RFC 2449 section 5)
      return client;
    } catch (err) {
      client.close();
      throw err;
    }
  }

  /** Message count and total size (RFC 1939 section 5). */
  async stat(): Promise<{ count: number; size: number }> {
    const answer = await this.#command('STAT');
    const m = /^(\d+) (\d+)/.exec(answer.text);
    if (!answer.ok || !m) throw answer.ok ? this.#garbled('STAT') : refusal('STAT', answer.text, false);
    return { count: Number(m[1]), size: Number(m[2]) };
  }

  /**
   * Message numbers and sizes; a message marked with DELE in this session is not listed. `count` (from STAT)
   * stretches the deadline for a large mailbox.
   */
  async list(count = 0): Promise<Pop3Listing[]> {
    const answer = await this.#command('LIST');
    if (!answer.ok) throw refusal('LIST', answer.text, false);
    const lines = await this.#wire.readLines(new Deadline(this.#timeoutMs, count * LIST_LINE_BYTES), MAX_LISTING);
    return lines.map((line) => {
      const m = LIST_LINE.exec(line);
      if (!m) throw this.#garbled('LIST');
      return { number: Number(m[1]), size: Number(m[2]) };
    });
  }

  /** Message number to unique id; a server without UIDL is a 'no-uidl' error. */
  async uidl(count = 0): Promise<Map<number, string>> {
    const answer = await this.#command('UIDL');
    if (!answer.ok) throw new Pop3Error('no-uidl', 'This POP3 server gives messages no unique ids (UIDL), so it cannot tell which ones were fetched before.', { serverText: answer.text });
    const uidls = new Map<number, string>();
    for (const line of await this.#wire.readLines(new Deadline(this.#timeoutMs, count * UIDL_LINE_BYTES), MAX_LISTING)) {
      const m = UIDL_LINE.exec(line);
      if (!m) throw this.#garbled('UIDL');
      uidls.set(Number(m[1]), m[2]!);
    }
    return uidls;
  }

  /** RETR into `out`, byte for byte; `expectedSize` (from LIST) stretches the deadline, `maxBytes` caps the bytes. */
  async retr(number: number, out: Writable, expectedSize: number, maxBytes: number): Promise<number> {
    const answer = await this.#command(`RETR ${number}`);
    if (!answer.ok) throw refusal(`to send message ${number}`, answer.text, false);
    return this.#wire.readBody(out, new Deadline(this.#timeoutMs, expectedSize), maxBytes);
  }

  /** Marks a message for deletion; the server deletes it only at a successful QUIT (RFC 1939 section 6). */
  async dele(number: number): Promise<void> {
    const answer = await this.#command(`DELE ${number}`);
    if (!answer.ok) throw refusal(`to delete message ${number}`, answer.text, false);
  }

  async rset(): Promise<void> {
    const answer = await this.#command('RSET');
    if (!answer.ok) throw refusal('RSET', answer.text, false);
  }

  /** Ends the session; the server now removes what was marked with DELE. -ERR means some removals failed. */
  async quit(): Promise<void> {
    const answer = await this.#command('QUIT');
    this.close();
    if (!answer.ok) throw refusal('to delete the fetched messages', answer.text, false);
  }

  /** Drops the connection without QUIT: nothing marked with DELE is deleted. */
  close(): void {
    this.#wire.destroy();
  }

  async #signIn(user: string, password: string): Promise<void> {
    const sasl = this.capabilities.get('SASL')?.map((m) => m.toUpperCase()) ?? [];
    if (sasl.includes('PLAIN')) {
      // RFC 5034 section 4: the initial response rides on the AUTH line when it fits in 255 octets.
      const response = Buffer.from(`\0${user}\0${password}`, 'utf8').toString('base64');
      let answer = await this.#command(response.length <= 255 - 'AUTH PLAIN '.length ? `AUTH PLAIN ${response}` : 'AUTH PLAIN');
      if (answer.continuation) answer = await this.#command(response);
      if (!answer.ok) throw refusal('the sign-in', answer.text, true);
      return;
    }
    const named = await this.#command(`USER ${user}`);
    if (!named.ok) throw refusal('the sign-in', named.text, true);
    const signed = await this.#command(`PASS ${password}`);
    if (!signed.ok) throw refusal('the sign-in', signed.text, true);
  }

  async #readCapabilities(): Promise<void> {
    const answer = await this.#command('CAPA');
    // RFC 2449 is optional: a server without CAPA gets USER/PASS and plain commands.
    const lines = answer.ok ? await this.#wire.readLines(new Deadline(this.#timeoutMs), 1000) : [];
    this.capabilities = new Map(lines.map((line) => {
      const [name = '', ...args] = line.trim().split(/\s+/);
      return [name.toUpperCase(), args];
    }));
  }

  /** Sends one command and reads its status line. Errors name only the command word, never its arguments. */
  async #command(line: string): Promise<{ ok: boolean; continuation: boolean; text: string }> {
    this.#wire.write(line);
    const status = await this.#wire.readLine(new Deadline(this.#timeoutMs));
    if (status.startsWith('+OK')) return { ok: true, continuation: false, text: status.slice(4) };
    if (status.startsWith('-ERR')) return { ok: false, continuation: false, text: status.slice(5) };
    if (status.startsWith('+ ') || status === '+') return { ok: false, continuation: true, text: '' };
    this.close();
    throw new Pop3Error('protocol', `The server answered ${line.split(' ')[0]} with something that is not POP3.`);
  }

  #garbled(command: string): Pop3Error {
    this.close();
    return new Pop3Error('protocol', `The server's ${command} answer is not valid POP3.`);
  }
}

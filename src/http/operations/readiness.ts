// Readiness (GET /readyz): can this instance serve users now? A TCP connect says little (a wedged server still
// accepts connections), so the probe reads each server's greeting, IMAP "* OK" and SMTP "220", within a deadline,
// and never logs in. The answer is kept a few seconds and callers meanwhile share one probe, so anonymous callers
// cannot make Postern open connections to the mail servers at will.
import { connect as netConnect, isIP } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import type { ServerEndpoint } from '../../config.ts';

export interface ReadyState {
  ok: boolean;
  imap: boolean;
  smtp: boolean;
  /** what failed, short: "imap: no greeting within 3 s" */
  reason?: string;
}

export interface Readiness {
  check(): Promise<ReadyState>;
}

export interface ReadinessOptions {
  imap: ServerEndpoint;
  smtp: ServerEndpoint;
  tlsCa?: Buffer | undefined;
  /** a probe slower than this counts as down (load balancers give up after a few seconds anyway) */
  timeoutMs?: number;
  /** how long an answer is reused */
  cacheMs?: number;
}

const IMAP_GREETING = /^\* (OK|PREAUTH)\b/i;
const SMTP_GREETING = /^220[ -]/;

/** Resolves undefined when the server greeted as expected, else a short reason. */
export function probeGreeting(endpoint: ServerEndpoint, expect: RegExp, tlsCa: Buffer | undefined, timeoutMs: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const { host, port } = endpoint;
    const socket = endpoint.secure
      ? tlsConnect({ host, port, ...(isIP(host) ? {} : { servername: host }), ...(tlsCa ? { ca: tlsCa } : {}), minVersion: 'TLSv1.2' })
      : netConnect({ host, port });
    let received = '';
    const done = (reason?: string) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(reason);
    };
    const timer = setTimeout(() => done(`no greeting within ${timeoutMs / 1000} s`), timeoutMs);
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('latin1');
      const end = received.indexOf('\r\n');
      if (end >= 0) done(expect.test(received.slice(0, end)) ? undefined : 'unexpected greeting');
      else if (received.length > 4096) done('unexpected greeting');
    });
    socket.on('error', (err: NodeJS.ErrnoException) => done(err.code ?? 'connection failed'));
    socket.on('close', () => done('closed before greeting'));
  });
}

export function createReadiness(opts: ReadinessOptions): Readiness {
  const timeoutMs = opts.timeoutMs ?? 3000;
  const cacheMs = opts.cacheMs ?? 5000;
  let current: { state: Promise<ReadyState>; settledAt?: number } | undefined;

  async function probe(): Promise<ReadyState> {
    const [imap, smtp] = await Promise.all([
      probeGreeting(opts.imap, IMAP_GREETING, opts.tlsCa, timeoutMs),
      probeGreeting(opts.smtp, SMTP_GREETING, opts.tlsCa, timeoutMs),
    ]);
    const reason = [imap && `imap: ${imap}`, smtp && `smtp: ${smtp}`].filter(Boolean).join('; ');
    return { ok: !imap && !smtp, imap: !imap, smtp: !smtp, ...(reason ? { reason } : {}) };
  }

  return {
    check() {
      const stale = current?.settledAt !== undefined && Date.now() - current.settledAt > cacheMs;
      if (!current || stale) {
        const entry: { state: Promise<ReadyState>; settledAt?: number } = { state: probe() };
        void entry.state.then(() => (entry.settledAt = Date.now()));
        current = entry;
      }
      return current.state;
    },
  };
}

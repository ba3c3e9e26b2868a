// A TCP proxy between Postern and a real server, for fault injection: it is the network that fails, never a fake
// server. It adds latency per chunk, limits the bandwidth, freezes (stops forwarding, keeping the sockets open),
// cuts (everything now, or the connection that carries the client's N-th byte from now), and counts connections,
// bytes, cuts and the client's command lines (readable only on a plain-text protocol: imap+insecure://).
// It can also hide IMAP capabilities from the client (stripCapabilities), so a real Dovecot looks like a server
// without them (Courier has no CONDSTORE, QRESYNC, ESEARCH or ESORT): a client that is not told of an extension
// does not use it, and Dovecot never sends what was not asked for.
import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

export interface ProxyStats {
  /** connections accepted so far */
  connections: number;
  /** connections open now */
  open: number;
  /** most connections open at once */
  peakOpen: number;
  bytesToClient: number;
  bytesToServer: number;
  /** connections cut by cutAfterClientBytes */
  cuts: number;
}

export interface TcpProxy {
  port: number;
  stats: ProxyStats;
  /** delay added to every chunk, both ways (order kept) */
  latencyMs: number;
  /** bandwidth of each direction of each connection, in bytes per second (0: no limit) */
  bytesPerSecond: number;
  /**
   * Stop forwarding, both ways, on every connection open now and every new one; sockets stay open, so the peer
   * sees a server (or client) that went silent. `afterGreeting`: new connections still get the server's first
   * chunk (an IMAP/SMTP greeting) and go silent after it.
   */
  freeze(opts?: { afterGreeting?: boolean }): void;
  thaw(): void;
  /** resets every open connection */
  cut(): void;
  /** the connection over which the client sends its `bytes`-th byte from now on is cut right there */
  cutAfterClientBytes(bytes: number): void;
  /** client lines (commands) seen so far that match */
  commands(match: RegExp): string[];
  /** zero the counters and forget the commands seen */
  reset(): void;
  close(): Promise<void>;
}

interface Link {
  client: Socket;
  server: Socket;
  /** server chunks forwarded so far */
  greeted: boolean;
  frozen: boolean;
}

export interface ProxyOptions {
  /** capability names removed from every CAPABILITY list the server sends (plain-text IMAP only) */
  stripCapabilities?: string[];
}

/** Rewrites CAPABILITY lists in the server's lines; keeps an unfinished last line until its end arrives. */
function capabilityStripper(names: string[]): (chunk: Buffer) => Buffer {
  const strip = new Set(names.map((n) => n.toUpperCase()));
  let partial = '';
  return (chunk) => {
    const text = partial + chunk.toString('latin1');
    const end = text.lastIndexOf('\r\n') + 2;
    if (end < 2) {
      partial = text;
      return Buffer.alloc(0);
    }
    partial = text.slice(end);
    const lines = text.slice(0, end).split('\r\n').map((line) => /^(\* CAPABILITY |\* OK \[CAPABILITY |\S+ OK \[CAPABILITY )/i.test(line)
      ? line.replace(/(CAPABILITY )([^\]\r\n]*)/i, (_, head: string, list: string) => head + list.split(' ').filter((c) => !strip.has(c.toUpperCase())).join(' '))
      : line);
    return Buffer.from(lines.join('\r\n'), 'latin1');
  };
}

export async function startProxy(target: { host?: string; port: number }, options: ProxyOptions = {}): Promise<TcpProxy> {
  const links = new Set<Link>();
  const lines: string[] = [];
  const stats: ProxyStats = { connections: 0, open: 0, peakOpen: 0, bytesToClient: 0, bytesToServer: 0, cuts: 0 };
  let frozen: false | 'all' | 'after-greeting' = false;
  let budget: number | undefined;
  const waiting: (() => void)[] = [];

  const proxy: TcpProxy = {
    port: 0,
    stats,
    latencyMs: 0,
    bytesPerSecond: 0,
    freeze(opts = {}) {
      frozen = opts.afterGreeting ? 'after-greeting' : 'all';
      for (const link of links) link.frozen = true;
    },
    thaw() {
      frozen = false;
      for (const link of links) link.frozen = false;
      for (const wake of waiting.splice(0)) wake();
    },
    cut() {
      for (const link of links) cutLink(link);
      for (const wake of waiting.splice(0)) wake();
    },
    cutAfterClientBytes(bytes) {
      budget = bytes;
    },
    commands: (match) => lines.filter((l) => match.test(l)),
    reset() {
      Object.assign(stats, { connections: 0, peakOpen: stats.open, bytesToClient: 0, bytesToServer: 0, cuts: 0 });
      lines.length = 0;
    },
    close: () => new Promise((resolve) => {
      proxy.cut();
      for (const wake of waiting.splice(0)) wake();
      server.close(() => resolve());
    }),
  };

  function cutLink(link: Link): void {
    link.client.resetAndDestroy();
    link.server.destroy();
    link.frozen = false;
  }

  // One chain per direction keeps the chunks in order whatever the latency; a frozen link parks its chain.
  function forward(link: Link, from: Socket, to: Socket, toClient: boolean, end: () => void): void {
    const rewrite = toClient && options.stripCapabilities ? capabilityStripper(options.stripCapabilities) : undefined;
    let chain = Promise.resolve();
    let queued = 0;
    let queuedBytes = 0;
    // A slow link holds about a quarter second of data, as a real one's buffers hold a few round trips: more would
    // let the sender believe bytes were sent that are still far from the server.
    const backlogged = () => queued > 64 || (proxy.bytesPerSecond > 0 && queuedBytes > proxy.bytesPerSecond / 4);
    // What is still on its way (latency) reaches the other side before the close does.
    from.on('close', () => {
      chain = chain.then(() => {
        to.end();
        end();
      });
    });
    let partial = '';
    from.on('data', (raw: Buffer) => {
      const chunk = rewrite ? rewrite(raw) : raw;
      if (!chunk.length) return;
      if (!toClient) {
        const text = partial + chunk.toString('latin1');
        const split = text.split('\r\n');
        partial = (split.pop() ?? '').slice(-10_000);
        if (lines.length < 100_000) lines.push(...split);
      }
      // Latency: each chunk leaves `latencyMs` after it arrived, not after the one before (bytesPerSecond is the
      // bandwidth). A bounded queue (frozen, slow, or a slow receiver) stops reading, so the sender feels TCP
      // backpressure.
      const due = Date.now() + proxy.latencyMs;
      queued++;
      queuedBytes += chunk.length;
      if (backlogged()) from.pause();
      chain = chain.then(async () => {
        const wait = due - Date.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        while (link.frozen && !(toClient && !link.greeted && frozen === 'after-greeting')) {
          await new Promise<void>((r) => waiting.push(r));
        }
        // A bandwidth limit: each chunk takes its time on the wire after the one before it.
        if (proxy.bytesPerSecond > 0) await new Promise((r) => setTimeout(r, (chunk.length * 1000) / proxy.bytesPerSecond));
        if (toClient) {
          stats.bytesToClient += chunk.length;
          if (!link.greeted && frozen === 'after-greeting') link.frozen = true;
          link.greeted = true;
        } else if (budget !== undefined && chunk.length >= budget) {
          // The armed cut: the bytes before it go through, then the connection is reset both ways.
          stats.bytesToServer += budget;
          if (!to.destroyed) to.write(chunk.subarray(0, budget));
          budget = undefined;
          stats.cuts++;
          cutLink(link);
          return;
        } else {
          if (budget !== undefined) budget -= chunk.length;
          stats.bytesToServer += chunk.length;
        }
        const full = !to.destroyed && !to.write(chunk);
        if (full) {
          await new Promise<void>((resolve) => {
            const done = () => {
              to.off('drain', done).off('close', done);
              resolve();
            };
            to.on('drain', done).on('close', done);
          });
        }
        queued--;
        queuedBytes -= chunk.length;
        if (!backlogged() && !from.destroyed) from.resume();
      });
    });
  }

  const server: Server = createServer((client) => {
    const upstream = connect({ host: target.host ?? '127.0.0.1', port: target.port });
    const link: Link = { client, server: upstream, greeted: false, frozen: frozen !== false };
    links.add(link);
    stats.connections++;
    stats.open++;
    stats.peakOpen = Math.max(stats.peakOpen, stats.open);
    let gone = false;
    const end = () => {
      if (gone) return;
      gone = true;
      links.delete(link);
      stats.open--;
    };
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
    forward(link, client, upstream, false, end);
    forward(link, upstream, client, true, end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.port = (server.address() as AddressInfo).port;
  return proxy;
}

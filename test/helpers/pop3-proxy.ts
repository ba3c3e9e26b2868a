// A proxy in front of the sandbox's POP3 port that changes what the real Dovecot seems to offer: capabilities
// hidden from CAPA and a command answered in the server's place (a server without UIDL or STLS), or a command held
// back until the test lets it through (a run stopped at a known point). Cuts are the network's business:
// test/helpers/tcp-proxy.ts. It reads client commands, so it works with plain POP3 only (loopback), not inside TLS.
import net from 'node:net';

export type ProxyAction =
  | 'forward'
  /** answer in the server's place; the server never sees the command */
  | { reply: string }
  /** forward the command only once `hold` settles: a run held at a known point, for as long as a test needs */
  | { hold: Promise<unknown> };

export interface ProxyRules {
  /** called for every command line (PASS arguments masked in `commands`) */
  onCommand?: (command: string) => ProxyAction;
  /** capability lines to drop from CAPA answers (RFC 2449), e.g. ['UIDL'] */
  hideCapabilities?: string[];
}

export interface Pop3Proxy {
  port: number;
  /** every command the client sent, in order, across connections */
  commands: string[];
  /** connections open now, and the most ever open at once */
  active: number;
  maxActive: number;
  /** connections made so far */
  connections: number;
  rules: ProxyRules;
  close(): Promise<void>;
}

export async function startPop3Proxy(targetPort: number, rules: ProxyRules = {}): Promise<Pop3Proxy> {
  const commands: string[] = [];
  const sockets = new Set<net.Socket>();
  const proxy: Pop3Proxy = { port: 0, commands, rules, active: 0, maxActive: 0, connections: 0, close: async () => {} };
  const server = net.createServer((client) => {
    proxy.connections++;
    proxy.active++;
    proxy.maxActive = Math.max(proxy.maxActive, proxy.active);
    client.once('close', () => proxy.active--);
    const upstream = net.connect({ host: '127.0.0.1', port: targetPort });
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => undefined);
    }
    const cut = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    let pending = '';
    let current = '';
    let serverLine = '';
    client.on('data', (chunk: Buffer) => {
      pending += chunk.toString('latin1');
      for (let end = pending.indexOf('\n'); end >= 0; end = pending.indexOf('\n')) {
        const line = pending.slice(0, end + 1);
        pending = pending.slice(end + 1);
        current = line.trim().split(' ')[0]!.toUpperCase();
        commands.push(current === 'PASS' ? 'PASS ***' : line.trim());
        const action = proxy.rules.onCommand?.(line.trim()) ?? 'forward';
        if (typeof action === 'object' && 'reply' in action) {
          client.write(action.reply);
          continue;
        }
        if (typeof action === 'object' && 'hold' in action) {
          // A POP3 client sends its next command only after this one's answer: nothing queues behind it.
          void action.hold.then(() => upstream.write(line, 'latin1'), () => cut());
          continue;
        }
        upstream.write(line, 'latin1');
      }
    });
    upstream.on('data', (chunk: Buffer) => {
      if (current !== 'CAPA' || !proxy.rules.hideCapabilities?.length) return void client.write(chunk);
      // CAPA answers are a few short lines: filter them line by line.
      serverLine += chunk.toString('latin1');
      const lines = serverLine.split('\n');
      serverLine = lines.pop()!;
      const kept = lines.filter((l) => !proxy.rules.hideCapabilities!.includes(l.trim().split(' ')[0]!.toUpperCase()));
      client.write(kept.map((l) => `${l}\n`).join(''), 'latin1');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.port = (server.address() as net.AddressInfo).port;
  proxy.close = async () => {
    for (const s of sockets) s.destroy();
    await new Promise((resolve) => server.close(resolve));
  };
  return proxy;
}

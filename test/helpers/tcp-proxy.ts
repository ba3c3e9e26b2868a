// A TCP proxy in front of a real server, for fault injection: the network fails, not a fake server. Forwards
// every connection both ways; once armed, it cuts the connection that carries the next N bytes from the client
// (TLS passes through untouched, so STARTTLS works as it would without it).
import net from 'node:net';

export interface TcpProxy {
  port: number;
  /** the connection over which the client sends its `bytes`-th byte from now on is cut right there */
  cutAfterClientBytes(bytes: number): void;
  /** connections cut so far */
  readonly cuts: number;
  /** the command lines the clients sent (lines of up to 200 bytes, literal data left out only by length) */
  readonly sent: string[];
  close(): Promise<void>;
}

export async function tcpProxy(targetPort: number, host = '127.0.0.1'): Promise<TcpProxy> {
  let budget: number | undefined;
  let cuts = 0;
  const sent: string[] = [];
  const open = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(targetPort, host);
    open.add(client).add(upstream);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      open.delete(client);
      open.delete(upstream);
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    upstream.pipe(client);
    client.on('data', (chunk: Buffer) => {
      // Enough of what the client said to check a command line; plain text only (not through STARTTLS).
      if (sent.length < 1000) sent.push(...chunk.toString('latin1').split('\r\n').filter((l) => l.length > 0 && l.length <= 200));
      if (budget !== undefined) {
        if (chunk.length >= budget) {
          upstream.write(chunk.subarray(0, budget));
          budget = undefined;
          cuts++;
          return drop();
        }
        budget -= chunk.length;
      }
      if (!upstream.write(chunk)) {
        client.pause();
        upstream.once('drain', () => client.resume());
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    cutAfterClientBytes(bytes) {
      budget = bytes;
    },
    get cuts() {
      return cuts;
    },
    sent,
    async close() {
      for (const s of open) s.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

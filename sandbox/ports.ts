// Loopback ports for the sandbox servers: picked free at run time, then probed until the server answers.
import net from 'node:net';
import { SandboxStartError } from './failures.ts';

export const HOST = '127.0.0.1';

// All listeners are held open together, so one call never hands out the same port twice. Another process
// may still grab a port between our close and the server's bind; callers retry on "Address already in use".
export async function pickFreePorts(count: number): Promise<number[]> {
  const servers: net.Server[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const server = net.createServer();
      servers.push(server);
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(0, HOST, () => resolve());
      });
    }
    return servers.map((server) => (server.address() as net.AddressInfo).port);
  } finally {
    await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  }
}

// pickFreePorts() closes its probes before the server binds; if another process slips in, try new ports.
export async function withFreshPorts<T>(count: number, start: (ports: number[]) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const ports = await pickFreePorts(count);
    try {
      return await start(ports);
    } catch (err) {
      if (attempt >= 3 || !(err instanceof SandboxStartError) || !err.addressInUse) throw err;
    }
  }
}

export interface ProbeOptions {
  port: number;
  // Called with everything received so far; true once the server has proved it is ours and ready.
  // Without it, a TCP accept is enough.
  answer?: (received: string) => boolean;
  // Sent right after connecting, for servers that speak only when spoken to (Redis).
  send?: string;
  deadline: number; // Date.now() value after which we give up
  // Stops the probing early: the server process has died, so waiting is pointless.
  gaveUp?: () => string | undefined;
}

// Polls every 20 ms: the servers bind within tens of milliseconds, so a coarser poll would dominate startup.
export async function waitForServer(probe: ProbeOptions): Promise<void> {
  let lastProblem = 'no attempt';
  while (Date.now() < probe.deadline) {
    const reason = probe.gaveUp?.();
    if (reason) throw new Error(reason);
    const result = await tryOnce(probe);
    if (result === 'ok') return;
    lastProblem = result;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`port ${probe.port} not ready in time (${lastProblem})`);
}

function tryOnce(probe: ProbeOptions): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: HOST, port: probe.port });
    let received = '';
    const finish = (result: string) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
    };
    const timer = setTimeout(() => finish(`unexpected answer ${JSON.stringify(received.slice(0, 200))}`), 1000);
    socket.once('error', (err) => finish(err.message));
    socket.once('connect', () => {
      if (!probe.answer) return finish('ok');
      if (probe.send) socket.write(probe.send);
    });
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('latin1');
      if (probe.answer?.(received)) finish('ok');
    });
  });
}

// True when nothing listens on the port any more (used by stop() and the tests).
export function isPortClosed(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: HOST, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}

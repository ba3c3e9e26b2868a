// Postern in this process, built the way main.ts builds it (createApp + SessionRegistry), listening on a free
// loopback port so the benchmark drives it over real HTTP like a browser would. It logs every request at info, as
// an instance in production does, into /dev/null. The runs under load use postern-child.ts instead.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { createApp, createRegistry } from '../src/app.ts';
import { createSmtpSender } from '../src/compose/smtp-sender.ts';
import { loadConfig } from '../src/config.ts';
import type { SandboxInfo } from '../sandbox/sandbox.ts';
import { instrumentApp, instrumentImap } from './spans.ts';

export interface RunningPostern {
  url: string;
  /** Express's env setting (from NODE_ENV) and whether compiled views are cached */
  mode: { env: string; viewCache: boolean };
  close(): Promise<void>;
}

/** `env`: settings beside the benchmark's own (e.g. CACHE_SESSION_KB for an experiment) */
export async function startPostern(info: SandboxInfo, env: Record<string, string> = {}): Promise<RunningPostern> {
  instrumentImap();
  const config = loadConfig({
    IMAP_URL: `imap://127.0.0.1:${info.imapPort}`,
    // The benchmark never sends mail; the sandbox runs without Postfix.
    SMTP_URL: `smtp://127.0.0.1:${info.submissionPort ?? 1}`,
    TLS_CA_FILE: info.caFile,
    SESSION_SECRET: 'bench-secret-bench-secret-bench-secret-0123',
    LOG_LEVEL: 'info',
    HOST: '127.0.0.1',
    PORT: '0',
    ...env,
  });
  const logger = pino({ level: config.logLevel }, pino.destination({ dest: '/dev/null', sync: true }));
  const registry = createRegistry(config, logger);
  // Built as main.ts builds it; the benchmark never sends, so the sender never connects.
  const sender = createSmtpSender(config.smtp, { tlsCa: config.tlsCa });
  const app = createApp({ config, registry, sender, logger, loginFailuresPerWindow: 1000 });
  const server = http.createServer(instrumentApp(app));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}/`,
    mode: { env: String(app.get('env')), viewCache: Boolean(app.enabled('view cache')) },
    close: () => (closing ??= (async () => {
      const closed = new Promise((resolve) => server.close(resolve));
      server.closeAllConnections();
      await registry.closeAll();
      await closed;
    })()),
  };
}

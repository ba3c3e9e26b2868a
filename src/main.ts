// Loads config, wires the real dependencies, listens, and shuts down gracefully: stop accepting, end the live
// mail streams, let the requests in flight finish (SHUTDOWN_GRACE_SECONDS), let POP3 fetches reach their QUIT, LOGOUT
// every open IMAP connection, close the session store, exit 0.
// In that order: logging users out or closing Redis first would fail the very requests the grace period is for.
import { once } from 'node:events';
import { pino } from 'pino';
import { createAccounts, createApp, createRegistry, createStreamHub } from './app.ts';
import { createSmtpSender } from './compose/smtp-sender.ts';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { gracefulStop } from './http/operations/graceful-stop.ts';
import { createSessionStore } from './http/sessions/session-store.ts';
import { SettingsStore } from './settings/settings-store.ts';

let config: Config;
try {
  config = loadConfig(process.env);
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  process.stderr.write(`postern: ${err.message}\n`);
  process.exit(78); // EX_CONFIG
}

const logger = pino({ level: config.logLevel });
const registry = createRegistry(config, logger);
registry.start();
let store: Awaited<ReturnType<typeof createSessionStore>> | undefined;
try {
  store = config.sessionStoreUrl ? await createSessionStore(config.sessionStoreUrl, logger, { timeoutMs: config.sessionStoreTimeoutMs }) : undefined;
} catch (err) {
  process.stderr.write(`postern: ${(err as Error).message}\n`);
  process.exit(69); // EX_UNAVAILABLE
}
const sender = createSmtpSender(config.smtp, { tlsCa: config.tlsCa, timeoutMs: config.smtpTimeoutMs });
const settingsStore = new SettingsStore({ mode: config.settingsStore, logger });
const accounts = createAccounts(config, logger, settingsStore);
const events = createStreamHub(config);
const app = createApp({ config, registry, sender, logger, settingsStore, accounts, events, ...(store ? { sessionStore: store.store } : {}) });
const server = app.listen(config.port, config.host);
// An idle keep-alive connection stays open longer than a reverse proxy keeps its own (nginx keeps upstream
// connections 60 s by default, docs/ADMIN.md): with Node's default of 5 s, the proxy could send a request down a
// connection Node is just closing, and a POST sent there fails with a 502 instead of being retried.
server.keepAliveTimeout = 65_000;
const http = gracefulStop(server);
await once(server, 'listening');
const address = server.address();
const port = typeof address === 'object' && address ? address.port : config.port;
logger.info({ host: config.host, port }, 'postern listening');
process.stdout.write(`postern: listening on http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}/\n`);

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  logger.info({ signal, inFlight: http.inFlight }, 'shutting down: finishing the requests in flight');
  registry.stop();
  // Live mail streams never finish by themselves: end them first (their browsers reconnect to another instance
  // or to this one restarted), or every open mailbox tab would hold the grace period to its end.
  events.closeAll();
  if (!(await http.stop(config.shutdownGraceMs))) logger.warn({ graceMs: config.shutdownGraceMs }, 'grace period over: cut the requests still running');
  // POP3 runs stop between messages and QUIT, so what they fetched is committed (and deleted, in delete mode).
  await accounts.close(config.shutdownGraceMs);
  await registry.closeAll();
  await store?.close();
  logger.info('stopped');
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));

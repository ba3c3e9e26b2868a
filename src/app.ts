// createApp(deps) builds the whole HTTP application without listening (STYLE.md 6): main.ts wires real
// dependencies and listens; tests build it in-process and drive it with supertest against real servers.
import express, { type Express } from 'express';
import cookieParser from 'cookie-parser';
import type { Store } from 'express-session';
import helmet, { strictTransportSecurity } from 'helmet';
import os from 'node:os';
import path from 'node:path';
import type { Logger } from 'pino';
import type { Config } from './config.ts';
import { SessionRegistry } from './mail/connection/session-registry.ts';
import { createSmtpSender, type Sender } from './compose/smtp-sender.ts';
import { composeRoutes } from './http/routes/compose.ts';
import { Contacts } from './contacts/contacts.ts';
import { contactsRoutes } from './http/routes/contacts.ts';
import { requireLogin } from './http/sessions/auth.ts';
import { freshCountsAfterWrites } from './http/lists/fresh-counts.ts';
import { csrfProtection, csrfTokenForViews } from './http/sessions/csrf.ts';
import { errorHandler, notFound } from './http/pages/errors.ts';
import { identify, keyCheck } from './http/sessions/key-check.ts';
import { loginCsrf } from './http/sessions/login-csrf.ts';
import { createMemorySessionStore } from './http/sessions/memory-session-store.ts';
import { readSmallBodiesEarly } from './http/forms/early-body.ts';
import { createMetrics } from './http/operations/metrics.ts';
import { metricsAccess } from './http/operations/metrics-access.ts';
import { requestLogger } from './http/operations/request-log.ts';
import { noStore } from './http/pages/no-store.ts';
import { PAGE_CSP_DIRECTIVES } from './http/pages/page-csp.ts';
import { ejsViews } from './http/pages/view-engine.ts';
import { createReadiness } from './http/operations/readiness.ts';
import { healthRoutes } from './http/routes/health.ts';
import { loginRoutes } from './http/routes/login.ts';
import { mailboxRoutes } from './http/routes/mailbox.ts';
import { eventRoutes } from './http/routes/events.ts';
import { StreamHub, type HubLimits } from './push/stream-hub.ts';
import { messageRoutes } from './http/routes/message.ts';
import { conversationRoutes } from './http/routes/conversation.ts';
import { searchAllRoutes } from './http/routes/search-all.ts';
import { imageProxyRoutes } from './http/routes/image-proxy.ts';
import { imageProxyUrls } from './http/pages/image-proxy-urls.ts';
import { organizeRoutes } from './http/routes/organize.ts';
import { folderRoutes } from './http/routes/folders.ts';
import { messageSourceRoutes } from './http/routes/message-source.ts';
import { settingsRoutes } from './http/routes/settings.ts';
import { identityRoutes } from './http/routes/identities.ts';
import { folderActionRoutes } from './http/routes/folder-actions.ts';
import { keepSessionAlive, sessionMiddleware } from './http/sessions/session.ts';
import { requestLocale } from './http/i18n/request-locale.ts';
import { createTranslator } from './http/i18n/translator.ts';
import { loadSettings } from './http/sessions/load-settings.ts';
import { SettingsStore } from './settings/settings-store.ts';
import { Accounts } from './accounts/accounts.ts';
import { redisFetchLock } from './accounts/redis-fetch-lock.ts';
import { MailSession, type ImapSettings } from './mail/connection/mail-session.ts';
import { MemoryLock } from './pop3/fetch-lock.ts';
import { accountSchedule } from './http/sessions/account-schedule.ts';
import { accountsRoutes } from './http/routes/accounts.ts';

export interface AppDeps {
  config: Config;
  registry: SessionRegistry;
  /** hands built messages to the submission server; when absent, an SMTP sender for config.smtp */
  sender?: Sender;
  logger: Logger;
  /** express-session store; in-process memory (pruned, memory-session-store.ts) when absent */
  sessionStore?: Store;
  /** failed sign-ins per client address, and per user name, per 15 minutes */
  loginFailuresPerWindow?: number;
  /** per-user documents on the IMAP server; one per process, so every route shares its per-session cache */
  settingsStore?: SettingsStore;
  /** recipient suggestions; built on the settings store when absent */
  contacts?: Contacts;
  /** other accounts over POP3 and their background fetching; built on the settings store when absent */
  accounts?: Accounts;
  /** where uploads and built messages are spooled, one private directory per request; os.tmpdir() when absent */
  uploadDir?: string;
  /** the live mail streams (GET /events); main.ts ends them at shutdown. From config when absent */
  events?: StreamHub;
}

const ROOT = path.join(import.meta.dirname, '..');

function imapSettings(config: Config): ImapSettings {
  return {
    ...config.imap,
    ...(config.tlsCa ? { tlsCa: config.tlsCa } : {}),
    socketTimeoutMs: (config.sessionIdleMinutes + 1) * 60_000,
    commandTimeoutMs: config.imapTimeoutMs,
    loginTimeoutMs: config.loginTimeoutMs,
    maxDownloads: config.maxDownloadsPerUser,
  };
}

/** The live IMAP connections of this process, set up from the configuration (main.ts, tests and bench alike). */
export function createRegistry(config: Config, logger: Logger): SessionRegistry {
  return new SessionRegistry({
    settings: imapSettings(config),
    idleMs: config.sessionIdleMinutes * 60_000,
    maxSessions: config.maxImapConnections,
    logger,
    cache: config.cache,
    folderCountsMs: config.folderCountsMs,
  });
}

/**
 * Other accounts over POP3: fetched on connections of their own (not the registry's: a long backlog must not hold
 * the user's pages), never twice at once (across instances through Redis when sessions are there too).
 * `intervalMs` overrides POP3_FETCH_MINUTES (tests).
 */
export function createAccounts(config: Config, logger: Logger, store: SettingsStore, options: { intervalMs?: number } = {}): Accounts {
  const settings = imapSettings(config);
  const { pop3 } = config;
  return new Accounts({
    store,
    logger,
    intervalMs: options.intervalMs ?? pop3.fetchMinutes * 60_000,
    lock: config.sessionStoreUrl
      ? redisFetchLock(config.sessionStoreUrl, logger, config.sessionStoreTimeoutMs)
      : { lock: new MemoryLock(), close: async () => undefined },
    openMail: (user, password) => new MailSession(settings, user, password, logger),
    limits: { maxMessageBytes: pop3.maxMessageBytes, maxPerRun: pop3.maxPerRun, timeoutMs: pop3.timeoutMs },
    connection: { allowInsecure: pop3.allowInsecure, allowPrivateHosts: pop3.allowPrivateHosts, ...(config.tlsCa ? { tlsCa: config.tlsCa } : {}) },
  });
}

/**
 * The live mail streams of this process (GET /events): caps from config; a heartbeat every 25 s (under nginx's
 * default proxy_read_timeout of 60 s); a reader more than 256 KB behind is dropped and reconnects; each stream
 * checks its session every minute and ends after 30 minutes, when the browser reconnects through the sign-in checks.
 */
export function createStreamHub(config: Config, overrides: Partial<HubLimits> = {}): StreamHub {
  return new StreamHub({
    maxStreams: config.eventStreams.maxStreams,
    maxPerSession: config.eventStreams.maxPerSession,
    heartbeatMs: 25_000,
    maxBufferedBytes: 256 << 10,
    retryMs: 5000,
    checkMs: 60_000,
    maxLifetimeMs: 30 * 60_000,
    ...overrides,
  });
}

export function createApp(deps: AppDeps): Express {
  const { config, registry, logger } = deps;
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy);
  app.set('views', path.join(ROOT, 'views'));
  app.set('view engine', 'ejs');
  // EJS without `with` and without a disk check per include (view-engine.ts): the same pages for less CPU.
  app.engine('ejs', ejsViews());
  // Express caches compiled templates only when NODE_ENV=production; nobody should have to know that to be fast.
  app.enable('view cache');
  // Every page is Cache-Control: no-store (no-store.ts), so no browser ever revalidates one: an ETag would only cost a
  // SHA-1 of each page (about 0.1 ms for a mailbox page). Static files keep theirs (serve-static has its own).
  app.set('etag', false);

  const events = deps.events ?? createStreamHub(config);
  const metrics = createMetrics(() => registry.size, { bytes: () => registry.cacheBytes, evictions: () => registry.cacheEvictions }, () => events.size);
  app.use(readSmallBodiesEarly);
  app.use(metrics.middleware);
  app.use(requestLogger(logger));
  app.use(helmet({
    contentSecurityPolicy: { useDefaults: false, directives: PAGE_CSP_DIRECTIVES },
    xFrameOptions: { action: 'deny' },
    referrerPolicy: { policy: 'same-origin' },
    strictTransportSecurity: false,
  }));
  // HSTS only on TLS (req.secure, which believes X-Forwarded-Proto as far as TRUST_PROXY goes): browsers ignore it
  // over plain HTTP (RFC 6797 section 8.1), and sent there it only tells that nobody thought about it.
  const hsts = strictTransportSecurity();
  app.use((req, res, next) => (req.secure ? hsts(req, res, next) : next()));
  app.use('/static', express.static(path.join(ROOT, 'public'), { maxAge: '1h', index: false }));
  // @github/hotkey is an ES module served as it ships, from our own origin (no CDN, no bundler): public/keys.js
  // imports it from here.
  app.use('/static/vendor/hotkey', express.static(path.join(ROOT, 'node_modules/@github/hotkey/dist'), { maxAge: '1h', index: false }));
  // Browser libraries come from node_modules, never a CDN (CSP 'self'): npm keeps their versions and integrity.
  // The rich-text editor (public/compose-editor.js): Squire and the DOMPurify it cleans pastes with, as shipped.
  app.use('/static/vendor/squire', express.static(path.join(ROOT, 'node_modules/squire-rte/dist'), { maxAge: '1h', index: false }));
  app.use('/static/vendor/dompurify', express.static(path.join(ROOT, 'node_modules/dompurify/dist'), { maxAge: '1h', index: false }));
  app.use('/static/vendor/combobox-nav', express.static(path.join(ROOT, 'node_modules/@github/combobox-nav/dist'), { maxAge: '1h', index: false }));
  app.use('/metrics', metricsAccess(config.metricsToken));
  app.use(healthRoutes({ readiness: createReadiness({ imap: config.imap, smtp: config.smtp, tlsCa: config.tlsCa }), metrics: metrics.registry }));
  app.use(noStore);

  const keys = keyCheck(config.sessionSecret);
  const loginForm = loginCsrf(config.sessionSecret);
  app.use(sessionMiddleware(config.sessionSecret, deps.sessionStore ?? createMemorySessionStore()));
  app.use(cookieParser());
  app.use(identify(keys));
  app.use(csrfTokenForViews);
  // The language from Accept-Language for every page, errors included; refined below from the user's settings.
  const translator = createTranslator(logger);
  const locale = requestLocale(translator);
  app.use(locale);
  app.use(express.urlencoded({ extended: false, limit: '100kb', parameterLimit: 5000 }));
  app.use(csrfProtection(loginForm));
  app.use(requireLogin(registry, keys));
  app.use(keepSessionAlive);
  const settingsStore = deps.settingsStore ?? new SettingsStore({ mode: config.settingsStore, logger });
  app.use(loadSettings(settingsStore, logger), locale);
  const accounts = deps.accounts ?? createAccounts(config, logger, settingsStore);
  app.use(accountSchedule(accounts, keys));
  app.use(freshCountsAfterWrites);
  app.use((_req, res, next) => {
    res.locals.user ??= undefined;
    next();
  });

  app.use(loginRoutes(registry, {
    keys, csrf: loginForm, failuresPerWindow: deps.loginFailuresPerWindow ?? 20, onSignOut: (sid) => accounts.signedOut(sid),
  }));
  app.use(mailboxRoutes({ pageSize: config.pageSize, folderCountsMs: config.folderCountsMs, live: config.eventStreams.maxStreams > 0 }));
  app.use(eventRoutes(events));
  const imageUrls = imageProxyUrls(config.sessionSecret);
  app.use(messageRoutes({ imageUrls, pageSize: config.pageSize, folderCountsMs: config.folderCountsMs }));
  app.use(conversationRoutes());
  app.use(searchAllRoutes({ pageSize: config.pageSize }));
  app.use(imageProxyRoutes({ urls: imageUrls, limits: config.imageProxy }));
  app.use(messageSourceRoutes());
  const sender = deps.sender ?? createSmtpSender(config.smtp, { tlsCa: config.tlsCa, timeoutMs: config.smtpTimeoutMs });
  const contacts = deps.contacts ?? new Contacts({ store: settingsStore, logger });
  app.use(composeRoutes({
    sender, maxUploadBytes: config.maxUploadBytes, mailDomain: config.mailDomain, contacts,
    tempRoot: deps.uploadDir ?? os.tmpdir(), maxConcurrentUploads: config.maxConcurrentUploads,
    store: settingsStore, identityPolicy: config.identityPolicy,
  }));
  app.use(contactsRoutes({ contacts, mailDomain: config.mailDomain }));
  app.use(organizeRoutes());
  app.use(folderActionRoutes());
  app.use(folderRoutes());
  app.use(settingsRoutes({ store: settingsStore, defaultPageSize: config.pageSize }));
  app.use(identityRoutes({ store: settingsStore, identityPolicy: config.identityPolicy, mailDomain: config.mailDomain }));
  app.use(accountsRoutes({ accounts, allowInsecure: config.pop3.allowInsecure, fetchMinutes: config.pop3.fetchMinutes }));

  app.use(notFound);
  app.use(errorHandler(logger, locale));
  return app;
}

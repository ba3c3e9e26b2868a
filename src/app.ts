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
import { requireLogin } from './http/auth.ts';
import { freshCountsAfterWrites } from './http/fresh-counts.ts';
import { csrfProtection, csrfTokenForViews } from './http/csrf.ts';
import { errorHandler, notFound } from './http/errors.ts';
import { identify, keyCheck } from './http/key-check.ts';
import { loginCsrf } from './http/login-csrf.ts';
import { createMemorySessionStore } from './http/memory-session-store.ts';
import { createMetrics } from './http/metrics.ts';
import { metricsAccess } from './http/metrics-access.ts';
import { requestLogger } from './http/request-log.ts';
import { noStore } from './http/no-store.ts';
import { createReadiness } from './http/readiness.ts';
import { healthRoutes } from './http/routes/health.ts';
import { loginRoutes } from './http/routes/login.ts';
import { mailboxRoutes } from './http/routes/mailbox.ts';
import { messageRoutes } from './http/routes/message.ts';
import { imageProxyRoutes } from './http/routes/image-proxy.ts';
import { imageProxyUrls } from './http/image-proxy-urls.ts';
import { organizeRoutes } from './http/routes/organize.ts';
import { folderRoutes } from './http/routes/folders.ts';
import { messageSourceRoutes } from './http/routes/message-source.ts';
import { settingsRoutes } from './http/routes/settings.ts';
import { folderActionRoutes } from './http/routes/folder-actions.ts';
import { keepSessionAlive, sessionMiddleware } from './http/session.ts';
import { requestLocale } from './http/i18n/request-locale.ts';
import { createTranslator } from './http/i18n/translator.ts';
import { loadSettings } from './http/load-settings.ts';
import { SettingsStore } from './settings/settings-store.ts';

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
  /** where uploads and built messages are spooled, one private directory per request; os.tmpdir() when absent */
  uploadDir?: string;
}

const ROOT = path.join(import.meta.dirname, '..');

/** The live IMAP connections of this process, set up from the configuration (main.ts, tests and bench alike). */
export function createRegistry(config: Config, logger: Logger): SessionRegistry {
  return new SessionRegistry({
    settings: {
      ...config.imap,
      ...(config.tlsCa ? { tlsCa: config.tlsCa } : {}),
      socketTimeoutMs: (config.sessionIdleMinutes + 1) * 60_000,
      commandTimeoutMs: config.imapTimeoutMs,
      loginTimeoutMs: config.loginTimeoutMs,
      maxDownloads: config.maxDownloadsPerUser,
    },
    idleMs: config.sessionIdleMinutes * 60_000,
    maxSessions: config.maxImapConnections,
    logger,
    cache: config.cache,
    folderCountsMs: config.folderCountsMs,
  });
}

export function createApp(deps: AppDeps): Express {
  const { config, registry, logger } = deps;
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy);
  app.set('views', path.join(ROOT, 'views'));
  app.set('view engine', 'ejs');
  // Express caches compiled templates only when NODE_ENV=production; nobody should have to know that to be fast.
  app.enable('view cache');
  // Every page is Cache-Control: no-store (no-store.ts), so no browser ever revalidates one: an ETag would only cost a
  // SHA-1 of each page (about 0.1 ms for a mailbox page). Static files keep theirs (serve-static has its own).
  app.set('etag', false);

  const metrics = createMetrics(() => registry.size, { bytes: () => registry.cacheBytes, evictions: () => registry.cacheEvictions });
  app.use(metrics.middleware);
  app.use(requestLogger(logger));
  app.use(helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        frameSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
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
  app.use(freshCountsAfterWrites);
  app.use((_req, res, next) => {
    res.locals.user ??= undefined;
    next();
  });

  app.use(loginRoutes(registry, { keys, csrf: loginForm, failuresPerWindow: deps.loginFailuresPerWindow ?? 20 }));
  app.use(mailboxRoutes({ pageSize: config.pageSize, folderCountsMs: config.folderCountsMs }));
  const imageUrls = imageProxyUrls(config.sessionSecret);
  app.use(messageRoutes({ imageUrls, pageSize: config.pageSize, folderCountsMs: config.folderCountsMs }));
  app.use(imageProxyRoutes({ urls: imageUrls, limits: config.imageProxy }));
  app.use(messageSourceRoutes());
  const sender = deps.sender ?? createSmtpSender(config.smtp, { tlsCa: config.tlsCa, timeoutMs: config.smtpTimeoutMs });
  const contacts = deps.contacts ?? new Contacts({ store: settingsStore, logger });
  app.use(composeRoutes({
    sender, maxUploadBytes: config.maxUploadBytes, mailDomain: config.mailDomain, contacts,
    tempRoot: deps.uploadDir ?? os.tmpdir(), maxConcurrentUploads: config.maxConcurrentUploads,
  }));
  app.use(contactsRoutes({ contacts, mailDomain: config.mailDomain }));
  app.use(organizeRoutes());
  app.use(folderActionRoutes());
  app.use(folderRoutes());
  app.use(settingsRoutes({ store: settingsStore, defaultPageSize: config.pageSize }));

  app.use(notFound);
  app.use(errorHandler(logger, locale));
  return app;
}

// createApp(deps) builds the whole HTTP application without listening (STYLE.md 6): main.ts wires real
// dependencies and listens; tests build it in-process and drive it with supertest against real servers.
import express, { type Express } from 'express';
import cookieParser from 'cookie-parser';
import type { Store } from 'express-session';
import helmet from 'helmet';
import os from 'node:os';
import path from 'node:path';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import type { Config } from './config.ts';
import { SessionRegistry } from './mail/session-registry.ts';
import { createSmtpSender, type Sender } from './compose/smtp-sender.ts';
import { composeRoutes } from './http/routes/compose.ts';
import { requireLogin } from './http/auth.ts';
import { freshCountsAfterWrites } from './http/fresh-counts.ts';
import { csrfProtection, csrfTokenForViews } from './http/csrf.ts';
import { errorHandler, notFound } from './http/errors.ts';
import { createMetrics } from './http/metrics.ts';
import { healthRoutes } from './http/routes/health.ts';
import { loginRoutes } from './http/routes/login.ts';
import { mailboxRoutes } from './http/routes/mailbox.ts';
import { messageRoutes } from './http/routes/message.ts';
import { organizeRoutes } from './http/routes/organize.ts';
import { folderRoutes } from './http/routes/folders.ts';
import { sessionMiddleware } from './http/session.ts';

export interface AppDeps {
  config: Config;
  registry: SessionRegistry;
  /** hands built messages to the submission server; when absent, an SMTP sender for config.smtp */
  sender?: Sender;
  logger: Logger;
  /** express-session store; in-process memory when absent */
  sessionStore?: Store;
  /** sign-in attempts per client address per 15 minutes */
  loginAttemptsPerWindow?: number;
  /** where uploads and built messages are spooled, one private directory per request; os.tmpdir() when absent */
  uploadDir?: string;
}

const ROOT = path.join(import.meta.dirname, '..');

/** The live IMAP connections of this process, set up from the configuration (main.ts, tests and bench alike). */
export function createRegistry(config: Config, logger: Logger): SessionRegistry {
  return new SessionRegistry({
    settings: { ...config.imap, ...(config.tlsCa ? { tlsCa: config.tlsCa } : {}), socketTimeoutMs: (config.sessionIdleMinutes + 1) * 60_000 },
    idleMs: config.sessionIdleMinutes * 60_000,
    maxSessions: config.maxImapConnections,
    logger,
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

  const metrics = createMetrics(() => registry.size);
  app.use(metrics.middleware);
  app.use(pinoHttp({
    logger,
    // Cookies carry the session id and the password key: never in a log line.
    redact: { paths: ['req.headers.cookie', 'req.headers.authorization', 'req.headers["x-csrf-token"]', 'res.headers["set-cookie"]'], remove: true },
    autoLogging: { ignore: (req) => req.url === '/healthz' || req.url === '/metrics' },
  }));
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
  }));
  app.use('/static', express.static(path.join(ROOT, 'public'), { maxAge: '1h', index: false }));
  app.use(healthRoutes({ imap: config.imap, smtp: config.smtp, metrics: metrics.registry }));

  app.use(sessionMiddleware(config.sessionSecret, deps.sessionStore));
  app.use(csrfTokenForViews);
  app.use(cookieParser());
  app.use(express.urlencoded({ extended: false, limit: '100kb', parameterLimit: 5000 }));
  app.use(csrfProtection);
  app.use(requireLogin(registry));
  app.use(freshCountsAfterWrites);
  app.use((_req, res, next) => {
    res.locals.user ??= undefined;
    next();
  });

  app.use(loginRoutes(registry, { loginAttemptsPerWindow: deps.loginAttemptsPerWindow ?? 20 }));
  app.use(mailboxRoutes({ pageSize: config.pageSize }));
  app.use(messageRoutes());
  const sender = deps.sender ?? createSmtpSender(config.smtp, { tlsCa: config.tlsCa });
  app.use(composeRoutes({
    sender, maxUploadBytes: config.maxUploadBytes, mailDomain: config.mailDomain,
    tempRoot: deps.uploadDir ?? os.tmpdir(), maxConcurrentUploads: config.maxConcurrentUploads,
  }));
  app.use(organizeRoutes());
  app.use(folderRoutes());

  app.use(notFound);
  app.use(errorHandler(logger));
  return app;
}

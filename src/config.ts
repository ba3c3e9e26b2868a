// Configuration from the environment (STYLE.md 7): main.ts hands the environment to loadConfig once at boot; nothing
// else reads it. Everything is checked here, and a bad value stops boot with one line that says how to fix it.
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { z } from 'zod';

export interface ServerEndpoint {
  host: string;
  port: number;
  /** implicit TLS (imaps://, smtps://) */
  secure: boolean;
  /** plain connection upgraded with STARTTLS, refused when the server does not offer it */
  startTls: boolean;
}

export interface Config {
  imap: ServerEndpoint;
  smtp: ServerEndpoint;
  tlsCa?: Buffer;
  sessionSecret: string;
  host: string;
  port: number;
  sessionStoreUrl?: string;
  /** Express 'trust proxy': false, a hop count, or proxy addresses; never `true` (see parseTrustProxy) */
  trustProxy: false | number | string;
  /** bearer token that opens /metrics; without it /metrics is off */
  metricsToken?: string;
  maxUploadBytes: number;
  /** multipart uploads one process reads at once: each may hold its form's text in memory (compose-form.ts) */
  maxConcurrentUploads: number;
  logLevel: string;
  sessionIdleMinutes: number;
  maxImapConnections: number;
  pageSize: number;
  /** the domain of users whose login is a bare name: their address is login@mailDomain */
  mailDomain?: string;
  /** which From addresses a user may send as (compose/identity.ts): any, its domain's, or the login's own */
  identityPolicy: 'login' | 'domain' | 'any';
  /** where per-user settings live on the IMAP server: METADATA when offered (auto), or forced */
  settingsStore: 'auto' | 'metadata' | 'folder';
  /** remote images loaded through Postern (src/remote/fetch-image.ts) */
  imageProxy: { maxBytes: number; timeoutMs: number; allowLoopback: boolean };
  /** deadline of every IMAP call, waiting for the connection included */
  imapTimeoutMs: number;
  /** deadline of connect + greeting + STARTTLS + LOGIN (sign-in, reconnects, downloads) */
  loginTimeoutMs: number;
  /** nodemailer's connection and greeting timeouts (its socket timeout is twice this) */
  smtpTimeoutMs: number;
  /** deadline of every Redis session store command */
  sessionStoreTimeoutMs: number;
  /** downloads streaming at once per signed-in user, each on its own short-lived IMAP connection */
  maxDownloadsPerUser: number;
  /** how long SIGTERM waits for requests in flight before cutting them */
  shutdownGraceMs: number;
  /** fetching other accounts over POP3 (issue 11) */
  pop3: Pop3Settings;
  /** how old the other folders' unread counts on a page may be (the watched folder's are always current) */
  folderCountsMs: number;
  /** the session caches of mailboxes and messages: all of them together, and each session's */
  cache: { maxBytes: number; sessionBytes: number; textBytes: number };
  /** GET /events streams this process holds, and one signed-in session (its browser tabs) */
  eventStreams: { maxStreams: number; maxPerSession: number };
}

export interface Pop3Settings {
  /** larger messages stay on the POP3 server and are reported */
  maxMessageBytes: number;
  /** new messages fetched per run; the rest wait for the next run */
  maxPerRun: number;
  /** deadline of every POP3 command (a long answer: no silence longer than this) */
  timeoutMs: number;
  /** USER/PASS over plain POP3 to hosts other than loopback */
  allowInsecure: boolean;
  /** connect to loopback, private and link-local addresses (users type the host, so off by default) */
  allowPrivateHosts: boolean;
  /** automatic accounts are fetched at sign-in and every this many minutes while the user is signed in */
  fetchMinutes: number;
}

export class ConfigError extends Error {}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);

const SCHEMES: Record<string, { port: number; secure: boolean; startTls: boolean; insecure?: boolean }> = {
  'imaps:': { port: 993, secure: true, startTls: false },
  'imap:': { port: 143, secure: false, startTls: true },
  'imap+insecure:': { port: 143, secure: false, startTls: false, insecure: true },
  'smtps:': { port: 465, secure: true, startTls: false },
  'smtp:': { port: 587, secure: false, startTls: true },
  'smtp+insecure:': { port: 25, secure: false, startTls: false, insecure: true },
};

function parseEndpoint(name: string, value: string, kind: 'imap' | 'smtp', allowInsecure: boolean): ServerEndpoint {
  const how = kind === 'imap'
    ? 'imaps://host:993 (TLS), imap://host:143 (STARTTLS) or imap+insecure://127.0.0.1:143 (plain, loopback only)'
    : 'smtps://host:465 (TLS), smtp://host:587 (STARTTLS) or smtp+insecure://127.0.0.1:25 (plain, loopback only)';
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(`${name} is not a URL: set it like ${how}`);
  }
  const scheme = SCHEMES[url.protocol];
  if (!scheme || !url.protocol.startsWith(kind)) throw new ConfigError(`${name} has scheme "${url.protocol}": use ${how}`);
  if (url.username || url.password) throw new ConfigError(`${name} must not carry credentials: users sign in with their own`);
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (!host) throw new ConfigError(`${name} has no host: set it like ${how}`);
  // Plain-text IMAP/SMTP would carry every user's password in the clear; only loopback is safe by default.
  if (scheme.insecure && !LOOPBACK.has(url.hostname) && !allowInsecure) {
    throw new ConfigError(`${name} uses plain text to ${host}: use TLS, or set ALLOW_INSECURE=1 if the network is trusted`);
  }
  return { host, port: url.port ? Number(url.port) : scheme.port, secure: scheme.secure, startTls: scheme.startTls };
}

const intIn = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

// IDENTITY_POLICY's words for the admin, and the names compose/identity.ts uses.
const POLICIES = { any: 'any', 'own-domain': 'domain', 'own-address': 'login' } as const;

const envSchema = z.object({
  IMAP_URL: z.string({ error: 'IMAP_URL is required, e.g. imaps://mail.example.com:993' }),
  SMTP_URL: z.string({ error: 'SMTP_URL is required, e.g. smtp://mail.example.com:587' }),
  SESSION_SECRET: z.string({ error: 'SESSION_SECRET is required: set it to a random string of 32+ characters (openssl rand -hex 32)' })
    .min(32, 'SESSION_SECRET is too short: use 32+ random characters (openssl rand -hex 32)'),
  PORT: intIn(0, 65535).default(8080),
  HOST: z.string().min(1).default('127.0.0.1'),
  SESSION_STORE_URL: z.string().regex(/^rediss?:\/\//, 'SESSION_STORE_URL must be a redis:// or rediss:// URL').optional(),
  TRUST_PROXY: z.string().default('false'),
  METRICS_TOKEN: z.string().min(16, 'METRICS_TOKEN is too short: use 16+ random characters (openssl rand -hex 32)').optional(),
  TLS_CA_FILE: z.string().min(1).optional(),
  MAX_UPLOAD_MB: intIn(1, 1024).default(25),
  MAX_CONCURRENT_UPLOADS: intIn(1, 10_000).default(8),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SESSION_IDLE_MINUTES: intIn(1, 24 * 60).default(10),
  MAX_IMAP_CONNECTIONS: intIn(1, 100_000).default(1000),
  PAGE_SIZE: intIn(5, 500).default(50),
  ALLOW_INSECURE: z.enum(['0', '1', 'true', 'false']).default('0'),
  IMAGE_PROXY_MAX_MB: intIn(1, 100).default(5),
  IMAGE_PROXY_TIMEOUT_SECONDS: intIn(1, 120).default(10),
  IMAGE_PROXY_ALLOW_LOOPBACK: z.enum(['0', '1'], {
    error: 'IMAGE_PROXY_ALLOW_LOOPBACK must be 0 or 1; 1 is for tests and local development only (it lets mail make Postern fetch from this machine)',
  }).default('0'),
  POP3_MAX_MESSAGE_MB: intIn(1, 1024).default(50),
  POP3_MAX_PER_RUN: intIn(1, 100_000).default(500),
  POP3_TIMEOUT_SECONDS: intIn(5, 600).default(60),
  POP3_ALLOW_INSECURE: z.enum(['0', '1', 'true', 'false'], { error: 'POP3_ALLOW_INSECURE must be 0 or 1' }).default('0'),
  POP3_ALLOW_PRIVATE_HOSTS: z.enum(['0', '1', 'true', 'false'], { error: 'POP3_ALLOW_PRIVATE_HOSTS must be 0 or 1' }).default('0'),
  POP3_FETCH_MINUTES: intIn(1, 1440).default(5),
  IMAP_TIMEOUT_SECONDS: intIn(1, 3600).default(30),
  LOGIN_TIMEOUT_SECONDS: intIn(1, 600).default(15),
  SMTP_TIMEOUT_SECONDS: intIn(1, 3600).default(30),
  SESSION_STORE_TIMEOUT_SECONDS: intIn(1, 600).default(5),
  MAX_DOWNLOADS_PER_USER: intIn(1, 100).default(2),
  SHUTDOWN_GRACE_SECONDS: intIn(0, 3600).default(10),
  MAIL_DOMAIN: z.string().regex(/^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/i,
    'MAIL_DOMAIN must be a domain name like example.com').optional(),
  IDENTITY_POLICY: z.enum(['any', 'own-domain', 'own-address'], {
    error: "IDENTITY_POLICY must be any, own-domain (addresses of the sign-in's domain) or own-address (only the sign-in address)",
  }).default('any'),
  FOLDER_COUNTS_SECONDS: z.coerce.number({ error: 'FOLDER_COUNTS_SECONDS must be a number of seconds (1-3600), e.g. 30' })
    .int().min(1, 'FOLDER_COUNTS_SECONDS must be at least 1').max(3600, 'FOLDER_COUNTS_SECONDS must be at most 3600').default(30),
  CACHE_MAX_MB: z.coerce.number({ error: 'CACHE_MAX_MB must be a number of megabytes (1-65536), e.g. 256' })
    .int().min(1, 'CACHE_MAX_MB must be at least 1').max(65536, 'CACHE_MAX_MB must be at most 65536').default(256),
  CACHE_SESSION_KB: z.coerce.number({ error: 'CACHE_SESSION_KB must be a number of kilobytes (16-65536), e.g. 128' })
    .int().min(16, 'CACHE_SESSION_KB must be at least 16').max(65536, 'CACHE_SESSION_KB must be at most 65536').default(128),
  CACHE_TEXTS_KB: z.coerce.number({ error: 'CACHE_TEXTS_KB must be a number of kilobytes (0-65536), e.g. 512' })
    .int().min(0, 'CACHE_TEXTS_KB must be at least 0').max(65536, 'CACHE_TEXTS_KB must be at most 65536').default(512),
  MAX_EVENT_STREAMS: z.coerce.number({ error: 'MAX_EVENT_STREAMS must be a number of streams (0-100000), e.g. 1000; 0 turns live mail off' })
    .int().min(0, 'MAX_EVENT_STREAMS must be at least 0 (0 turns live mail off)').max(100_000, 'MAX_EVENT_STREAMS must be at most 100000').default(1000),
  MAX_EVENT_STREAMS_PER_SESSION: z.coerce.number({ error: 'MAX_EVENT_STREAMS_PER_SESSION must be a number of streams (1-100), e.g. 4' })
    .int().min(1, 'MAX_EVENT_STREAMS_PER_SESSION must be at least 1').max(100, 'MAX_EVENT_STREAMS_PER_SESSION must be at most 100').default(4),
  SETTINGS_STORE: z.enum(['auto', 'metadata', 'folder'], { error: 'SETTINGS_STORE must be auto (METADATA when the IMAP server offers it), metadata or folder' }).default('auto'),
});

export interface EnvironmentVariable {
  name: string;
  /** the value used when the variable is unset, as an admin would write it; undefined when there is none */
  default: string | undefined;
  /** boot stops without it */
  required: boolean;
}

/** Every variable Postern reads, for the documentation's checks (docs/ADMIN.md must describe each one). */
export function environmentVariables(): EnvironmentVariable[] {
  return Object.entries(envSchema.shape).map(([name, schema]) => ({
    name,
    default: schema instanceof z.ZodDefault ? String(schema.def.defaultValue) : undefined,
    required: !(schema instanceof z.ZodDefault) && !(schema instanceof z.ZodOptional),
  }));
}

/**
 * Which proxies may tell us the client's address (X-Forwarded-For) and scheme. `true` would trust every hop, so
 * any client could write its own address into the header and step around the sign-in limits and the IMAP
 * server's per-address delay: it is refused rather than guessed as 1, because a wrong hop count is just as wrong
 * (with two proxies, 1 would put everybody behind the inner proxy's address and lock them out together).
 */
function parseTrustProxy(value: string): false | number | string {
  if (value === 'true') {
    throw new ConfigError('TRUST_PROXY=true would let any client forge its address: set the number of proxies in front of Postern (usually 1) or their addresses');
  }
  if (value === 'false' || value === '' || value === '0') return false;
  if (/^\d+$/.test(value)) return Number(value);
  const list = value.split(',').map((s) => s.trim());
  if (list.every((s) => isIP(s.split('/')[0] ?? '') || ['loopback', 'linklocal', 'uniquelocal'].includes(s))) return value;
  throw new ConfigError('TRUST_PROXY must be false, a hop count, or a comma list of proxy addresses/subnets');
}

export function loadConfig(env: Record<string, string | undefined>): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = String(issue.path[0] ?? '');
    throw new ConfigError(issue.message.includes(field) ? issue.message : `${field}: ${issue.message}`);
  }
  const e = parsed.data;
  const yes = (value: string) => value === '1' || value === 'true';
  const allowInsecure = yes(e.ALLOW_INSECURE);
  let tlsCa: Buffer | undefined;
  if (e.TLS_CA_FILE) {
    try {
      tlsCa = readFileSync(e.TLS_CA_FILE);
    } catch (err) {
      throw new ConfigError(`TLS_CA_FILE ${e.TLS_CA_FILE} cannot be read (${(err as NodeJS.ErrnoException).code}): give the path of a PEM file`);
    }
    if (!tlsCa.toString('latin1').includes('-----BEGIN CERTIFICATE-----')) {
      throw new ConfigError(`TLS_CA_FILE ${e.TLS_CA_FILE} holds no PEM certificate`);
    }
  }
  return {
    imap: parseEndpoint('IMAP_URL', e.IMAP_URL, 'imap', allowInsecure),
    smtp: parseEndpoint('SMTP_URL', e.SMTP_URL, 'smtp', allowInsecure),
    ...(tlsCa ? { tlsCa } : {}),
    sessionSecret: e.SESSION_SECRET,
    host: e.HOST,
    port: e.PORT,
    ...(e.SESSION_STORE_URL ? { sessionStoreUrl: e.SESSION_STORE_URL } : {}),
    trustProxy: parseTrustProxy(e.TRUST_PROXY),
    ...(e.METRICS_TOKEN ? { metricsToken: e.METRICS_TOKEN } : {}),
    maxUploadBytes: e.MAX_UPLOAD_MB * 1024 * 1024,
    maxConcurrentUploads: e.MAX_CONCURRENT_UPLOADS,
    logLevel: e.LOG_LEVEL,
    sessionIdleMinutes: e.SESSION_IDLE_MINUTES,
    maxImapConnections: e.MAX_IMAP_CONNECTIONS,
    pageSize: e.PAGE_SIZE,
    ...(e.MAIL_DOMAIN ? { mailDomain: e.MAIL_DOMAIN.toLowerCase() } : {}),
    settingsStore: e.SETTINGS_STORE,
    identityPolicy: POLICIES[e.IDENTITY_POLICY],
    imageProxy: {
      maxBytes: e.IMAGE_PROXY_MAX_MB * 1024 * 1024,
      timeoutMs: e.IMAGE_PROXY_TIMEOUT_SECONDS * 1000,
      allowLoopback: e.IMAGE_PROXY_ALLOW_LOOPBACK === '1',
    },
    pop3: {
      maxMessageBytes: e.POP3_MAX_MESSAGE_MB * 1024 * 1024,
      maxPerRun: e.POP3_MAX_PER_RUN,
      timeoutMs: e.POP3_TIMEOUT_SECONDS * 1000,
      allowInsecure: yes(e.POP3_ALLOW_INSECURE),
      allowPrivateHosts: yes(e.POP3_ALLOW_PRIVATE_HOSTS),
      fetchMinutes: e.POP3_FETCH_MINUTES,
    },
    imapTimeoutMs: e.IMAP_TIMEOUT_SECONDS * 1000,
    loginTimeoutMs: e.LOGIN_TIMEOUT_SECONDS * 1000,
    smtpTimeoutMs: e.SMTP_TIMEOUT_SECONDS * 1000,
    sessionStoreTimeoutMs: e.SESSION_STORE_TIMEOUT_SECONDS * 1000,
    maxDownloadsPerUser: e.MAX_DOWNLOADS_PER_USER,
    shutdownGraceMs: e.SHUTDOWN_GRACE_SECONDS * 1000,
    folderCountsMs: e.FOLDER_COUNTS_SECONDS * 1000,
    cache: { maxBytes: e.CACHE_MAX_MB * 1024 * 1024, sessionBytes: e.CACHE_SESSION_KB * 1024, textBytes: e.CACHE_TEXTS_KB * 1024 },
    eventStreams: { maxStreams: e.MAX_EVENT_STREAMS, maxPerSession: e.MAX_EVENT_STREAMS_PER_SESSION },
  };
}

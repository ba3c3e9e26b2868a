// One log line per request (pino-http), without what would make logs a leak. Cookies carry the session id and the
// password key; query strings carry search terms, addresses and subjects (`/mailbox/INBOX?q=...`, compose
// prefills, `next=` targets that embed them), so every logged URL keeps its path only, whatever the route: one
// rule nobody has to keep in step with new routes. The Referer and Location headers are URLs too.
import type { Logger } from 'pino';
import { pinoHttp, stdSerializers } from 'pino-http';
import type { RequestHandler } from 'express';

/** `/mailbox/INBOX?q=secret` → `/mailbox/INBOX?…`: the path stays for operations, the query is gone. */
export function withoutQuery(url: unknown): unknown {
  if (typeof url !== 'string') return url;
  const at = url.indexOf('?');
  return at < 0 ? url : `${url.slice(0, at)}?…`;
}

type Serialized = ReturnType<typeof stdSerializers.req>;

const LOGGED_RESPONSE_HEADERS = ['content-type', 'content-length', 'location', 'retry-after'];

export function requestLogger(logger: Logger): RequestHandler {
  return pinoHttp({
    logger,
    serializers: {
      req: (req: Serialized) => {
        const headers = { ...req.headers };
        if (headers.referer) headers.referer = String(withoutQuery(headers.referer));
        return { id: req.id, method: req.method, url: withoutQuery(req.url), headers, remoteAddress: req.remoteAddress, remotePort: req.remotePort };
      },
      // The answer's status and what says what it was; not the security headers every page carries alike (the CSP
      // alone is half a kilobyte), which made each line three times longer and its JSON a tenth of a page's CPU.
      res: (res: ReturnType<typeof stdSerializers.res>) => {
        const all = res.headers as Record<string, unknown>;
        const headers: Record<string, unknown> = {};
        for (const name of LOGGED_RESPONSE_HEADERS) if (all[name] !== undefined) headers[name] = all[name];
        if (headers.location) headers.location = withoutQuery(headers.location);
        return { statusCode: res.statusCode, headers };
      },
    },
    redact: { paths: ['req.headers.cookie', 'req.headers.authorization', 'req.headers["x-csrf-token"]', 'res.headers["set-cookie"]'], remove: true },
    autoLogging: { ignore: (req) => req.url === '/healthz' || req.url === '/metrics' },
  });
}

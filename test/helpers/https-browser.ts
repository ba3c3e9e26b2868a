// A browser as far as a reverse proxy can tell: HTTPS with a CA of the test's own, cookies kept, connecting from a
// chosen loopback address (127.0.0.2) so that the proxy's client address differs from its own (127.0.0.1).
import { request, type RequestOptions } from 'node:https';
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import type { TestUser } from './env.ts';
import { eventReader, type SseReader } from './sse.ts';

export interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface HttpsBrowser {
  go(path: string, init?: { method?: string; headers?: Record<string, string>; body?: string | Buffer }): Promise<Reply>;
  /** the response as a stream, for a test that reads it as it comes */
  open(path: string, headers?: Record<string, string>): Promise<IncomingMessage>;
  /**
   * GET /events read as the browser's EventSource would, asking for gzip as browsers do: the bytes are parsed as
   * they come, undecoded, so a compressed stream shows as no events. `raw` is the response, to see how it ended.
   */
  events(path: string, headers?: Record<string, string>): Promise<SseReader & { raw: IncomingMessage }>;
  cookies(): Map<string, string>;
}

export function httpsBrowser(base: string, opts: { ca: Buffer; localAddress?: string }): HttpsBrowser {
  const jar = new Map<string, string>();
  const url = new URL(base);
  const options = (path: string, method: string, headers: Record<string, string>): RequestOptions => ({
    host: url.hostname, port: url.port, path, method, ca: opts.ca, agent: false,
    ...(opts.localAddress ? { localAddress: opts.localAddress } : {}),
    headers: { ...headers, ...(jar.size ? { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') } : {}) },
  });
  const keep = (res: IncomingMessage) => {
    for (const c of res.headers['set-cookie'] ?? []) {
      const [pair] = c.split(';');
      const at = pair!.indexOf('=');
      jar.set(pair!.slice(0, at), pair!.slice(at + 1));
    }
  };
  const open = (path: string, method: string, headers: Record<string, string>, body?: string | Buffer) =>
    new Promise<IncomingMessage>((resolve, reject) => {
      const req = request(options(path, method, headers), (res) => {
        keep(res);
        resolve(res);
      });
      req.once('error', reject);
      req.end(body);
    });
  return {
    async go(path, init = {}) {
      const res = await open(path, init.method ?? 'GET', init.headers ?? {}, init.body);
      const chunks: Buffer[] = [];
      for await (const chunk of res) chunks.push(chunk as Buffer);
      return { status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') };
    },
    open: (path, headers = {}) => open(path, 'GET', headers),
    async events(path, headers = {}) {
      const raw = await open(path, 'GET', { accept: 'text/event-stream', 'accept-encoding': 'gzip', ...headers });
      const fields = new Headers();
      for (const [k, v] of Object.entries(raw.headers)) for (const one of [v ?? []].flat()) fields.append(k, one);
      const text = async () => {
        let out = '';
        for await (const chunk of raw) out += (chunk as Buffer).toString('utf8');
        return out;
      };
      const reader = eventReader({ status: raw.statusCode ?? 0, headers: fields, body: raw.statusCode === 200 ? raw : null, text, close: () => raw.destroy() });
      return Object.assign(reader, { raw });
    },
    cookies: () => jar,
  };
}

export function csrfOf(html: string): string {
  const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  if (!token) throw new Error('no CSRF token in the page');
  return token;
}

/** Signs in through the real form, as a browser behind the proxy would. */
export async function signInThrough(b: HttpsBrowser, user: TestUser): Promise<void> {
  const form = await b.go('/login');
  const login = await b.go('/login', {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: csrfOf(form.body), username: user.name, password: user.password }).toString(),
  });
  if (login.status !== 303) throw new Error(`sign-in through the proxy answered ${login.status}`);
}

// Postern listening on a loopback port, driven like a browser (cookies kept) with fetch and with raw node:http
// requests whose bodies the test reads at its own pace: a slow reader, a paused one, one that walks away.
import { request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import type { TestUser } from './env.ts';

export interface Live {
  base: string;
  close(): Promise<void>;
}

export async function listen(app: Express): Promise<Live> {
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** A cookie-keeping fetch, as a browser signed in to `base`. */
export interface Browserish {
  (path: string, init?: RequestInit): Promise<Response>;
  cookie(): string;
}

export function browserish(base: string): Browserish {
  const jar = new Map<string, string>();
  const go = (async (path: string, init: RequestInit = {}) => {
    const res = await fetch(base + path, { ...init, redirect: 'manual', headers: { ...(init.headers ?? {}), cookie: go.cookie() } });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const [k, ...v] = pair!.split('=');
      jar.set(k!, v.join('='));
    }
    return res;
  }) as Browserish;
  go.cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  return go;
}

export async function signInLive(base: string, user: TestUser): Promise<Browserish> {
  const go = browserish(base);
  const form = await (await go('/login')).text();
  const token = /name="_csrf" value="([^"]+)"/.exec(form)![1]!;
  const res = await go('/login', {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: token, username: user.name, password: user.password }).toString(),
  });
  await res.arrayBuffer();
  if (res.status !== 303) throw new Error(`sign-in answered ${res.status}`);
  return go;
}

/** A GET whose body is not read until the test says so: the response starts paused. */
export function openPaused(base: string, path: string, cookie: string): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}${path}`, { headers: { cookie } }, (res) => {
      res.pause();
      resolve(res);
    });
    req.on('error', reject);
    req.end();
  });
}

/**
 * Reads a response to its end. With `slowUntil`, a slow reader first: 1 KiB every 10 ms (about 100 KB/s) until that
 * promise settles, then as fast as it comes.
 */
export function readAll(res: IncomingMessage, opts: { slowUntil?: Promise<unknown> } = {}): Promise<{ bytes: number; complete: boolean }> {
  return new Promise((resolve) => {
    let bytes = 0;
    let timer: NodeJS.Timeout | undefined;
    const finish = (complete: boolean) => {
      clearInterval(timer);
      resolve({ bytes, complete });
    };
    res.on('end', () => finish(true));
    res.on('aborted', () => finish(false));
    res.on('error', () => finish(false));
    res.on('close', () => finish(res.complete));
    const flow = () => {
      clearInterval(timer);
      res.removeAllListeners('readable');
      res.on('data', (c: Buffer) => (bytes += c.length));
      res.resume();
    };
    if (!opts.slowUntil) return flow();
    res.on('readable', () => undefined);
    timer = setInterval(() => {
      const chunk = res.readableLength > 0 ? (res.read(Math.min(1024, res.readableLength)) as Buffer | null) : null;
      if (chunk) bytes += chunk.length;
      // An empty buffer: ask for more (and see the end once there is none).
      if (res.readableLength === 0) res.read();
    }, 10);
    void opts.slowUntil.finally(flow);
  });
}

/** Fails the test when `work` has not settled within `ms`: for requests that used to hang, not a timing claim. */
export async function hangGuard<T>(ms: number, what: string, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([work, new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what}: still waiting after ${ms / 1000} s (hung)`)), ms);
    })]);
  } finally {
    clearTimeout(timer);
  }
}

/** Polls `check` until true; fails after `ms`. */
export async function eventually(ms: number, what: string, check: () => boolean | Promise<boolean>): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`${what}: not true after ${ms / 1000} s`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

// Where the time of one request (or one raw IMAP operation) goes, measured from the outside without touching
// src/: ImapFlow.prototype.exec (every IMAP command imapflow sends goes through it) is wrapped to count
// commands and their wire time; MailSession.withMailbox/withView/withClient to time the whole IMAP door (queue,
// leaving IDLE, lock, SELECT, commands, imapflow's parsing); the app's render() for EJS; the HTTP server callback
// for the server's share. Requests run one at a time in the benchmark, so one running tally is enough.
import type { Express } from 'express';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { ImapFlow } from 'imapflow';
import { MailSession } from '../src/mail/connection/mail-session.ts';

export interface Tally {
  /** IMAP commands sent, by name ("UID FETCH", "LIST", ...) */
  commands: Record<string, number>;
  /** from each command's send to its tagged answer; IDLE's time is the wait between requests, so not counted */
  commandMs: number;
  /** the same, by command name */
  commandMsByName: Record<string, number>;
  /** inside MailSession.withMailbox/withClient: queue, reconnect, lock/SELECT, commands, result shaping */
  doorMs: number;
  /** EJS rendering (app.render) */
  renderMs: number;
  /** HTTP server callback to the response's 'finish' */
  serverMs: number;
  /** time from entering each app-level middleware to its next() call, by name */
  middlewareMs: Record<string, number>;
  /** SEARCH and SORT commands as sent (name and imapflow attributes), so the raw side can replay them */
  searches: { command: string; attributes: unknown[] }[];
}

const empty = (): Tally => ({ commands: {}, commandMs: 0, commandMsByName: {}, doorMs: 0, renderMs: 0, serverMs: 0, middlewareMs: {}, searches: [] });
let tally = empty();
// The raw side's commands are kept apart: Postern sends some in the background (the next message fetched ahead,
// reading/prefetch.ts), and one landing while the raw side runs is still Postern's.
let rawTally = empty();
const rawClients = new WeakSet<object>();

/** The floor's connections (raw-imap.ts): their commands count in the raw tally. */
export function markRaw(client: object): void {
  rawClients.add(client);
}

/** Starts a fresh tally (Postern's, or the raw connections') and returns the previous one. */
export function takeTally(side: 'postern' | 'raw' = 'postern'): Tally {
  const done = side === 'raw' ? rawTally : tally;
  if (side === 'raw') rawTally = empty();
  else tally = empty();
  return done;
}

type AnyFn = (...args: never[]) => Promise<unknown>;

function timed<T extends AnyFn>(original: T, add: (ms: number, args: Parameters<T>, self: unknown) => void): T {
  return async function (this: unknown, ...args: Parameters<T>) {
    const start = performance.now();
    try {
      return await original.apply(this, args);
    } finally {
      add(performance.now() - start, args, this);
    }
  } as T;
}

let installed = false;

/** Wraps imapflow and MailSession once per process; the raw side's commands are counted the same way. */
export function instrumentImap(): void {
  if (installed) return;
  installed = true;
  const flow = ImapFlow.prototype as unknown as { exec: AnyFn };
  flow.exec = timed(flow.exec, (ms, args, self) => {
    const [name, attributes] = args as unknown as [string, unknown[]];
    const into = self && rawClients.has(self) ? rawTally : tally;
    into.commands[name] = (into.commands[name] ?? 0) + 1;
    if (/SEARCH|SORT/i.test(name)) into.searches.push({ command: name, attributes });
    // An IDLE runs from the end of one request to the start of the next, which ends it (DONE): counted, not timed.
    if (name === 'IDLE') return;
    into.commandMs += ms;
    into.commandMsByName[name] = (into.commandMsByName[name] ?? 0) + ms;
  });
  const session = MailSession.prototype as unknown as Record<'withMailbox' | 'withView' | 'withClient', AnyFn>;
  for (const door of ['withMailbox', 'withView', 'withClient'] as const) session[door] = timed(session[door], (ms) => (tally.doorMs += ms));
}

type RenderCallback = (err: Error | null, html?: string) => void;

/** The request handler to listen with: the app, with render and server time added to the tally. */
export function instrumentApp(app: Express): (req: IncomingMessage, res: ServerResponse) => void {
  const render = app.render.bind(app) as (view: string, options: object, callback: RenderCallback) => void;
  (app as unknown as { render: typeof render }).render = (view, options, callback) => {
    const start = performance.now();
    render(view, options, (err, html) => {
      tally.renderMs += performance.now() - start;
      callback(err, html);
    });
  };
  instrumentMiddleware(app);
  return (req, res) => {
    const start = performance.now();
    res.once('finish', () => (tally.serverMs += performance.now() - start));
    app(req as Parameters<Express>[0], res as Parameters<Express>[1]);
  };
}

type Handle = (req: unknown, res: unknown, next: (err?: unknown) => void) => unknown;
interface Layer {
  name: string;
  handle: Handle;
}

// Express 5 keeps the app's middleware as layers of app.router; each handle is wrapped to time the span until
// it hands on with next(). A router whose route answers never calls next(): its time is the handler's.
function instrumentMiddleware(app: Express): void {
  const stack = (app as unknown as { router?: { stack?: Layer[] } }).router?.stack ?? [];
  stack.forEach((layer, index) => {
    const handle = layer.handle;
    const name = nameOf(layer, index);
    if (handle.length > 3 || name === 'router') return; // error handlers; routers run routes, not middleware
    layer.handle = function (this: unknown, req, res, next) {
      const start = performance.now();
      let done = false;
      return handle.call(this, req, res, (err?: unknown) => {
        if (!done) tally.middlewareMs[name] = (tally.middlewareMs[name] ?? 0) + performance.now() - start;
        done = true;
        next(err);
      });
    };
  });
}

// Layer names are the functions' names; some are generic or missing, so the well-known ones get readable labels.
function nameOf(layer: Layer, index: number): string {
  const known: Record<string, string> = { middleware: 'metrics', result: 'pino-http', helmetMiddleware: 'helmet', urlencodedParser: 'urlencoded' };
  if (known[layer.name]) return known[layer.name]!;
  if (layer.name && layer.name !== '<anonymous>') return layer.name;
  return /isPublic\(/.test(String(layer.handle)) ? 'requireLogin' : `middleware #${index}`;
}

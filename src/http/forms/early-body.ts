// The body of a small multipart POST is taken off the request the moment it arrives, before any middleware waits
// for anything. A page saving its form on the way out (navigator.sendBeacon, public/compose-guard.js) sends the
// whole body and may close the connection at once, without waiting for the answer; Node's server then destroys
// every request still waiting for its answer (_http_server.js, abortIncoming), and a destroyed request hands over
// nothing of what it had received but not yet given to a reader. The session, the sign-in and the settings are
// read before the route starts on the body, so without this a busy server lost the save the page made as it closed.
// Only bodies that declare at most what a beacon may carry are read early (browsers cap keepalive bodies at 64 KB),
// so what this holds per request is as small as Node's own buffers; larger uploads are read by the route as before.
import type { Request, RequestHandler } from 'express';
import { PassThrough, type Readable } from 'node:stream';
import { declaredLength } from './refuse-upload.ts';

const EARLY_BYTES = 64 * 1024;

/**
 * Routes that take multipart/form-data (streamed uploads): their body is parsed by the route itself (multipart.ts),
 * which must check the CSRF token (csrf.ts) before it acts on anything.
 */
const MULTIPART_ROUTES = new Set(['/compose']);

export const isMultipartPost = (req: Request) => req.method === 'POST' && MULTIPART_ROUTES.has(req.path) && Boolean(req.is('multipart/form-data'));

const early = new WeakMap<Request, Readable>();

/** First in the chain: it must run while the request is being parsed, before anything awaits. */
export const readSmallBodiesEarly: RequestHandler = (req, _res, next) => {
  const length = declaredLength(req);
  if (length && length <= EARLY_BYTES && isMultipartPost(req)) {
    const copy = new PassThrough({ highWaterMark: EARLY_BYTES });
    // A client gone before its body was whole: the copy ends without its end, as the request would have.
    req.on('close', () => {
      if (!req.complete) copy.destroy();
    });
    req.pipe(copy);
    early.set(req, copy);
  }
  next();
};

/** The request's body: what was read early, or the request itself. */
export const bodyOf = (req: Request): Readable => early.get(req) ?? req;

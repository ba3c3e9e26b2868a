// Refusing an upload before (or while) its body is read. The answer says `Connection: close` and goes out at once;
// then our side of the connection is closed (FIN) while the rest of the body is read and thrown away for a while,
// a "lingering close" as Apache and nginx do, and only then is the connection dropped. Dropping it at once, with the
// body still arriving, makes the kernel send a reset, and a client still sending when the reset comes loses the
// answer it has not read yet: a browser shows "connection reset" instead of the page that says what went wrong.
// A client that sees the answer stops sending and closes its side (RFC 9112 section 9.6), which ends the linger.
import { Socket } from 'node:net';
import type { Request } from 'express';
import { HttpError } from '../pages/errors.ts';
import type { Keyed } from '../i18n/user-text.ts';

// What is read after the answer before the connection is dropped anyway. The bytes are more than a client can have
// in flight before it sees the answer (loopback socket buffers reach tens of MB), so only a client that keeps
// sending regardless is cut off; they are dropped as they come, so memory does not grow. At most 30 s in all, as
// nginx's lingering_time, and 10 s without a byte (nginx waits 5 s: a client process starved on a loaded machine
// may pause longer between writes, and an idle socket costs nothing but its descriptor).
const LINGER_BYTES = 64 * 1024 * 1024;
const LINGER_MS = 30_000;
const LINGER_IDLE_MS = 10_000;

/** The body's declared length, when it has a valid one (chunked bodies have none). */
export function declaredLength(req: Request): number | undefined {
  const length = req.headers['content-length'];
  return length && /^\d{1,16}$/.test(length) ? Number(length) : undefined;
}

/**
 * The error to throw for an upload refused with `status`. The caller stops reading the body (or never starts):
 * the request then holds the connection still until the answer is out, and only then is the rest read and dropped,
 * within the limits above.
 */
export function refuseUpload(req: Request, status: number, message: Keyed): HttpError {
  if (req.res && !req.res.headersSent) {
    req.res.setHeader('Connection', 'close');
    lingerOnClose(req, req.socket);
  }
  return new HttpError(status, message);
}

// After an answer with `Connection: close`, Node's server calls the socket's destroySoon(), which destroys it once
// the answer is written, unread body or not (_http_server.js, resOnFinish). For this socket only, that call becomes
// the lingering close. A body read to its end needs none.
function lingerOnClose(req: Request, socket: Socket): void {
  socket.destroySoon = () => {
    if (req.complete || socket.destroyed) return Socket.prototype.destroySoon.call(socket);
    socket.end();
    const drop = () => socket.destroy();
    const deadline = setTimeout(drop, LINGER_MS);
    const idle = setTimeout(drop, LINGER_IDLE_MS);
    let dropped = 0;
    req.on('data', (chunk: Buffer) => {
      dropped += chunk.length;
      if (dropped > LINGER_BYTES) drop();
      else idle.refresh();
    });
    req.once('end', drop);
    socket.once('close', () => {
      clearTimeout(deadline);
      clearTimeout(idle);
    });
    req.resume();
  };
}

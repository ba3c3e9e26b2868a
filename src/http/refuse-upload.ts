// Refusing an upload before (or while) its body is read. The answer goes out at once; the rest of the body is
// then read and thrown away for a little while (a "lingering close", as Apache does), because a browser still
// sending when the connection is reset may show "connection reset" instead of the page that says what went wrong.
// Past that little while the connection is dropped: reading a body through to its end is the work being refused.
import type { Request } from 'express';
import { HttpError } from './errors.ts';
import type { Keyed } from './i18n/user-text.ts';

/** What may still be read after the refusal, in bytes and in time, before the connection is dropped. */
const LINGER_BYTES = 4 * 1024 * 1024;
const LINGER_MS = 5_000;

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
  req.res?.once('finish', () => {
    if (req.complete) return;
    const socket = req.socket;
    let dropped = 0;
    const timer = setTimeout(() => socket.destroy(), LINGER_MS);
    req.on('data', (chunk: Buffer) => {
      dropped += chunk.length;
      if (dropped > LINGER_BYTES) socket.destroy();
    });
    req.once('end', () => clearTimeout(timer));
    socket.once('close', () => clearTimeout(timer));
    req.resume();
  });
  return new HttpError(status, message);
}

// A multipart POST written by hand over node:http, for what a browser or supertest cannot do on purpose: declare a
// Content-Length and send less, send chunked without end, or go away in the middle of a file. The response is
// caught whenever it comes, even while the body is still being written.
import http from 'node:http';
import net from 'node:net';

export const BOUNDARY = 'PosternTestBoundary7MA4YWxkTrZu0gW';

/** The head of one form part; the value (or file bytes) follows it, then `\r\n` before the next boundary. */
export function partHead(name: string, file?: { filename: string; type: string }): string {
  const disposition = file ? `form-data; name="${name}"; filename="${file.filename}"` : `form-data; name="${name}"`;
  return `--${BOUNDARY}\r\nContent-Disposition: ${disposition}\r\n${file ? `Content-Type: ${file.type}\r\n` : ''}\r\n`;
}

/** A whole text field part, with the CRLF that ends it. */
export const field = (name: string, value: string) => `${partHead(name)}${value}\r\n`;
export const closing = `--${BOUNDARY}--\r\n`;

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

export interface RawUpload {
  /** the response, whenever it arrives; rejects if the connection dies without one */
  response: Promise<RawResponse>;
  /** writes a chunk, waiting for the socket to take it; false once the server answered or closed */
  write(chunk: Buffer | string): Promise<boolean>;
  end(): void;
  /** the client going away: the socket is destroyed */
  abort(): void;
}

export function rawPost(base: string, path: string, headers: Record<string, string>): RawUpload {
  const req = http.request(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}`, ...headers },
  });
  let answered = false;
  const response = new Promise<RawResponse>((resolve, reject) => {
    req.on('response', (res) => {
      answered = true;
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
      res.on('error', reject);
    });
    req.on('error', (err) => {
      if (!answered) reject(err);
    });
  });
  response.catch(() => {});
  req.flushHeaders();
  return {
    response,
    async write(chunk) {
      if (answered || req.destroyed) return false;
      if (req.write(chunk)) return true;
      await new Promise<void>((resolve) => {
        const done = () => {
          req.off('drain', done).off('close', done).off('response', done);
          resolve();
        };
        req.on('drain', done).on('close', done).on('response', done);
      });
      return !answered && !req.destroyed;
    },
    end: () => req.end(),
    abort: () => req.destroy(),
  };
}

/**
 * A client that reads nothing until it has sent `bytes` of body, as a browser busy uploading a file does: over a
 * plain socket, so that nothing reads the answer early. Resolves with all it read once the server ended the
 * connection, or with what it had read and the error that ended it (a reset: the answer was lost).
 */
export async function sendThenRead(base: string, head: string, bytes: number): Promise<{ text: string; error?: string }> {
  const url = new URL(base);
  const socket = net.connect(Number(url.port), url.hostname);
  socket.pause();
  let text = '';
  socket.setEncoding('latin1').on('data', (c: string) => (text += c));
  let error: string | undefined;
  const closed = new Promise<void>((resolve) => {
    socket.on('error', (err: NodeJS.ErrnoException) => (error ??= err.code ?? err.message));
    socket.on('close', () => resolve());
  });
  await new Promise((resolve) => socket.once('connect', resolve).once('close', resolve));
  socket.write(head);
  const chunk = Buffer.alloc(1024 * 1024, 'a');
  for (let sent = 0; sent < bytes && !socket.destroyed; sent += chunk.length) {
    if (!socket.write(chunk)) await new Promise((resolve) => socket.once('drain', resolve).once('close', resolve));
  }
  socket.resume();
  await closed;
  return { text, ...(error ? { error } : {}) };
}

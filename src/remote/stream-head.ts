// The first bytes of a stream, read before any response header is sent (a type decided from the bytes cannot be
// taken back once the status line is out), and the whole stream again, those bytes included, for piping on.
// Used for stored parts (routes/message.ts) and remote images (fetch-image.ts).
import { Readable } from 'node:stream';

export interface StreamHead {
  /** at least `bytes` bytes, or the whole stream when it is shorter */
  head: Buffer;
  /** head followed by the rest; destroying it destroys the source */
  body: Readable;
}

export async function readHead(source: Readable, bytes: number): Promise<StreamHead> {
  const it = source[Symbol.asyncIterator]() as AsyncIterator<Buffer | string>;
  const chunks: Buffer[] = [];
  let length = 0;
  let done = false;
  try {
    while (length < bytes) {
      const next = await it.next();
      if (next.done) {
        done = true;
        break;
      }
      const chunk = typeof next.value === 'string' ? Buffer.from(next.value) : next.value;
      chunks.push(chunk);
      length += chunk.length;
    }
  } catch (err) {
    source.destroy();
    throw err;
  }
  const head = Buffer.concat(chunks);
  async function* replay(): AsyncGenerator<Buffer> {
    try {
      if (head.length) yield head;
      if (done) return;
      for (let next = await it.next(); !next.done; next = await it.next()) {
        yield typeof next.value === 'string' ? Buffer.from(next.value) : next.value;
      }
    } finally {
      // A consumer that stops early (client gone, size cap) must not leave the source half-read.
      if (!source.destroyed && !source.readableEnded) source.destroy();
    }
  }
  const body = Readable.from(replay(), { objectMode: false });
  // A body destroyed before it was ever read never enters replay(), whose finally would release the source.
  body.once('close', () => {
    if (!source.destroyed && !source.readableEnded) source.destroy();
  });
  return { head, body };
}

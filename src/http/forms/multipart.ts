// multipart/form-data with memory bounded by design (busboy). Only the text fields the route names are kept, each
// with its own byte limit and count, so their total is small and known in advance; any other field is read and
// dropped. Files of the one file field go straight to a private temp directory, never whole into memory. Past the
// byte limit for all files together a file is read to its end and dropped, not cut off: the text fields that
// follow still arrive, and the files that fit are kept, so the form can come back with everything else. The whole
// body is capped too: a Content-Length above the cap is refused before a byte is read, a chunked body that passes
// it is stopped there.
import busboy from 'busboy';
import type { Request } from 'express';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { mediaType, safeFilename } from '../../mime/format.ts';
import { msg } from '../i18n/translator.ts';
import type { Keyed } from '../i18n/user-text.ts';
import { bodyOf } from './early-body.ts';
import { declaredLength, refuseUpload } from './refuse-upload.ts';

export interface UploadedFile {
  filename: string;
  contentType: string;
  /** path of the temp file holding the bytes */
  file: string;
  size: number;
}

export interface DroppedFile {
  filename: string;
  /** bytes the browser sent for it */
  size: number;
  /** past the byte limit for all files together, or past the number of files */
  reason: 'size' | 'count';
}

export interface MultipartBody {
  fields: Map<string, string[]>;
  files: UploadedFile[];
  /** files read and not kept, in the order they came */
  dropped: DroppedFile[];
  /** names of kept fields longer than their limit (cut to it) or sent more often than it allows */
  truncated: string[];
  /** the private temp directory; also where the caller may put its own files for this request */
  dir: string;
  dispose(): Promise<void>;
}

export interface FieldLimit {
  maxBytes: number;
  /** how many values a repeated field may have (default 1) */
  maxCount?: number;
}

export interface MultipartLimits {
  /** the text fields kept; any other is read and dropped */
  fields: Readonly<Record<string, FieldLimit>>;
  /** the file field; files under any other name are read and dropped */
  fileField: string;
  /** all kept files together */
  maxFileBytes: number;
  maxFiles: number;
  /** the whole body, multipart framing included */
  maxRequestBytes: number;
  /** the page a body over maxRequestBytes gets (413) */
  tooLargeMessage: Keyed;
  /** where the request's private directory is made */
  tempRoot: string;
}

/** Framing of a multipart body: boundaries and part headers, a few hundred bytes per part. */
export const MULTIPART_OVERHEAD = 256 * 1024;

/** The most the kept text fields of a form can hold: what a body may carry on top of its files. */
export function fieldAllowance(fields: Readonly<Record<string, FieldLimit>>): number {
  return Object.values(fields).reduce((sum, f) => sum + f.maxBytes * (f.maxCount ?? 1), 0) + MULTIPART_OVERHEAD;
}

// The start of `value` within `max` UTF-8 bytes (a character cut in two becomes U+FFFD).
const cut = (value: string, max: number) => (Buffer.byteLength(value) > max ? Buffer.from(value).subarray(0, max).toString() : value);

export async function readMultipart(req: Request, limits: MultipartLimits): Promise<MultipartBody> {
  if ((declaredLength(req) ?? 0) > limits.maxRequestBytes) throw refuseUpload(req, 413, limits.tooLargeMessage);
  const dir = await mkdtemp(path.join(limits.tempRoot, 'postern-upload-'));
  const body: MultipartBody = {
    fields: new Map(), files: [], dropped: [], truncated: [], dir,
    dispose: () => rm(dir, { recursive: true, force: true }),
  };
  const writes: Promise<unknown>[] = [];
  const source = bodyOf(req);
  try {
    await new Promise<void>((resolve, reject) => {
      let parser: busboy.Busboy;
      const knownFields = Object.values(limits.fields).reduce((n, f) => n + (f.maxCount ?? 1), 0);
      try {
        // defParamCharset: browsers send UTF-8 file names without RFC 2231 encoding. fieldSize bounds what busboy
        // gathers of any one field, known or not, before the handler below keeps or drops it.
        parser = busboy({
          headers: req.headers,
          defParamCharset: 'utf8',
          limits: {
            fieldSize: Math.max(...Object.values(limits.fields).map((f) => f.maxBytes)) + 1,
            fields: knownFields + 100, files: limits.maxFiles + 100, parts: knownFields + limits.maxFiles + 200, fieldNameSize: 100,
          },
        });
      } catch {
        return reject(refuseUpload(req, 400, { key: msg('request:notMultipart') }));
      }
      let failed = false;
      const fail = (status: number, message: Keyed) => {
        if (failed) return;
        failed = true;
        // The rest of the body waits until the answer is out (refuseUpload), then is read and dropped.
        source.unpipe(counter);
        parser.destroy();
        reject(refuseUpload(req, status, message));
      };
      let seen = 0;
      const counter = new Transform({
        transform(chunk: Buffer, _encoding, done) {
          seen += chunk.length;
          if (seen > limits.maxRequestBytes) return fail(413, limits.tooLargeMessage);
          done(null, chunk);
        },
      });
      // The text of all fields together, kept or not, stays within what the kept ones may hold: a request of
      // unknown or repeated fields is stopped there rather than read to the cap.
      const textAllowance = fieldAllowance(limits.fields);
      let textBytes = 0;
      parser.on('field', (name, value, info) => {
        textBytes += Buffer.byteLength(value);
        if (textBytes > textAllowance) return fail(413, limits.tooLargeMessage);
        const limit = limits.fields[name];
        if (!limit) return;
        const values = body.fields.get(name) ?? [];
        if (values.length >= (limit.maxCount ?? 1) || info.valueTruncated || Buffer.byteLength(value) > limit.maxBytes) body.truncated.push(name);
        if (values.length < (limit.maxCount ?? 1)) body.fields.set(name, [...values, cut(value, limit.maxBytes)]);
      });
      // Whether a file is kept depends on the files before it, so each one waits for the one before to be on disk.
      // Parts arrive one after another anyway: this only keeps the running totals exact.
      let keptBytes = 0;
      let previous: Promise<unknown> = Promise.resolve();
      parser.on('file', (field, stream, info) => {
        // An empty <input type=file> still sends a part, with no file name and no bytes.
        if (field !== limits.fileField || !info.filename) return void stream.resume();
        const entry: UploadedFile = {
          filename: safeFilename(info.filename, 'attachment'), contentType: mediaType(info.mimeType),
          file: path.join(dir, `upload-${writes.length}`), size: 0,
        };
        const ready = previous;
        let dropped: DroppedFile['reason'] | undefined;
        let decided = false;
        const count = new Transform({
          transform(chunk: Buffer, _encoding, done) {
            void ready.then(() => {
              if (!decided) {
                decided = true;
                if (body.files.length >= limits.maxFiles) dropped = 'count';
              }
              entry.size += chunk.length;
              if (!dropped && keptBytes + entry.size > limits.maxFileBytes) dropped = 'size';
              done(null, dropped ? undefined : chunk);
            });
          },
        });
        const write = pipeline(stream, count, createWriteStream(entry.file, { flags: 'wx', mode: 0o600 })).then(async () => {
          await ready;
          if (!dropped && body.files.length >= limits.maxFiles) dropped = 'count'; // a file of no bytes
          if (!dropped) {
            keptBytes += entry.size;
            body.files.push(entry);
            return;
          }
          body.dropped.push({ filename: entry.filename, size: entry.size, reason: dropped });
          await rm(entry.file, { force: true });
        });
        // A client going away mid-file fails this write as well as the parser; only the parser's error is
        // reported, and this one must not become an unhandled rejection (fatal in Node by default).
        write.catch(() => {});
        writes.push(write);
        previous = write.catch(() => {});
      });
      parser.on('error', () => fail(400, { key: msg('request:formBroken') }));
      parser.on('close', () => {
        Promise.all(writes).then(() => resolve(), reject);
      });
      // A client that goes away mid-body ends nothing: without this the request would wait forever. Gone before
      // the reading started (a request Node destroyed while it waited), there is nothing more to come either.
      const interrupted = () => fail(400, { key: msg('request:uploadInterrupted') });
      source.on('close', () => {
        if (!source.readableEnded) interrupted();
      });
      if (source.destroyed) return interrupted();
      source.pipe(counter).pipe(parser);
    });
  } catch (err) {
    // Every file write has closed before the directory goes, or a late one could leave a file behind in it.
    await Promise.allSettled(writes);
    await body.dispose();
    throw err;
  }
  return body;
}

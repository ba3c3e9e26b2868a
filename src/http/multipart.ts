// multipart/form-data with streamed uploads (busboy): text fields into memory, files straight to a private temp
// directory, never whole in memory. Past the byte limit for all files together the rest is read and dropped, not
// cut off: the text fields that follow still arrive, so the form can come back with everything else kept.
import busboy from 'busboy';
import type { Request } from 'express';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { mediaType, safeFilename } from '../mime/format.ts';
import { HttpError } from './errors.ts';
import { msg } from './i18n/translator.ts';

export interface UploadedFile {
  field: string;
  filename: string;
  contentType: string;
  /** path of the temp file holding the bytes */
  file: string;
  size: number;
}

export interface MultipartBody {
  fields: Map<string, string[]>;
  files: UploadedFile[];
  /** the files together passed the limit: none of them is kept */
  tooLarge: boolean;
  /** names of text fields longer than the field limit (cut by busboy) */
  truncated: string[];
  /** the private temp directory; also where the caller may put its own files for this request */
  dir: string;
  dispose(): Promise<void>;
}

export interface MultipartLimits {
  maxFileBytes: number;
  maxFieldBytes: number;
  maxFiles: number;
}

export async function readMultipart(req: Request, limits: MultipartLimits): Promise<MultipartBody> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'postern-upload-'));
  const body: MultipartBody = {
    fields: new Map(), files: [], tooLarge: false, truncated: [], dir,
    dispose: () => rm(dir, { recursive: true, force: true }),
  };
  try {
    await new Promise<void>((resolve, reject) => {
      let parser: busboy.Busboy;
      try {
        // defParamCharset: browsers send UTF-8 file names without RFC 2231 encoding.
        parser = busboy({
          headers: req.headers,
          defParamCharset: 'utf8',
          limits: { fieldSize: limits.maxFieldBytes, fields: 100, files: limits.maxFiles, parts: limits.maxFiles + 100, fieldNameSize: 100 },
        });
      } catch {
        return reject(new HttpError(400, { key: msg('request:notMultipart') }));
      }
      let total = 0;
      const writes: Promise<unknown>[] = [];
      parser.on('field', (name, value, info) => {
        if (info.valueTruncated) body.truncated.push(name);
        body.fields.set(name, [...(body.fields.get(name) ?? []), value]);
      });
      parser.on('file', (field, stream, info) => {
        // An empty <input type=file> still sends a part, with no file name and no bytes.
        if (!info.filename || body.tooLarge) return void stream.resume();
        const entry: UploadedFile = {
          field, filename: safeFilename(info.filename, 'attachment'), contentType: mediaType(info.mimeType),
          file: path.join(dir, `upload-${body.files.length}`), size: 0,
        };
        body.files.push(entry);
        const count = new Transform({
          transform(chunk: Buffer, _encoding, done) {
            total += chunk.length;
            entry.size += chunk.length;
            if (total > limits.maxFileBytes) body.tooLarge = true;
            done(null, body.tooLarge ? undefined : chunk);
          },
        });
        const write = pipeline(stream, count, createWriteStream(entry.file, { flags: 'wx', mode: 0o600 }));
        // If a client going away mid-file fails this write as well as the parser, only the parser's error is
        // reported: this one must not become an unhandled rejection (fatal in Node by default).
        write.catch(() => {});
        writes.push(write);
      });
      parser.on('filesLimit', () => {
        body.tooLarge = true;
      });
      parser.on('error', () => reject(new HttpError(400, { key: msg('request:formBroken') })));
      parser.on('close', () => {
        Promise.all(writes).then(() => resolve(), reject);
      });
      req.pipe(parser);
    });
  } catch (err) {
    await body.dispose();
    throw err;
  }
  if (body.tooLarge) body.files = [];
  return body;
}

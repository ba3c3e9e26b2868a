// readMultipart and a client that is gone: whether it went away in the middle of its body or Node destroyed the
// request while a middleware waited (early-body.ts says when that happens), the read ends with a 400 that says the
// upload was interrupted, never a wait without end that would hold an upload slot for good. A request is a stream
// with headers here: what happens on the socket is the real servers' tests' business (compose-beacon.test.ts).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import os from 'node:os';
import { PassThrough } from 'node:stream';
import type { Request } from 'express';
import { HttpError } from '../../src/http/pages/errors.ts';
import { readMultipart, type MultipartLimits } from '../../src/http/forms/multipart.ts';
import { msg } from '../../src/http/i18n/translator.ts';
import { BOUNDARY, closing, field } from '../helpers/raw-upload.ts';

const limits: MultipartLimits = {
  fields: { subject: { maxBytes: 100 } }, fileField: 'attachments', maxFileBytes: 1024, maxFiles: 1,
  maxRequestBytes: 1024 * 1024, tooLargeMessage: msg('compose:requestTooLarge', { mb: 1 }), tempRoot: os.tmpdir(),
};

const request = () => Object.assign(new PassThrough(), {
  headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` },
}) as unknown as Request & PassThrough;

const interrupted = (err: unknown) => err instanceof HttpError && err.status === 400 && err.userMessage.key === 'request:uploadInterrupted';

describe('readMultipart when the client is gone', () => {
  it('reads a whole body', { timeout: 5000 }, async () => {
    const req = request();
    req.end(field('subject', 'Whole') + closing);
    const body = await readMultipart(req, limits);
    assert.deepEqual(body.fields.get('subject'), ['Whole']);
    await body.dispose();
  });

  it('ends with "interrupted" when the request was destroyed before the reading started', { timeout: 5000 }, async () => {
    const req = request();
    req.write(field('subject', 'Lost'));
    req.destroy();
    await assert.rejects(readMultipart(req, limits), interrupted);
  });

  it('ends with "interrupted" when the client goes away in the middle of the body', { timeout: 5000 }, async () => {
    const req = request();
    const reading = readMultipart(req, limits);
    req.write(field('subject', 'Half'));
    setTimeout(() => req.destroy(), 20);
    await assert.rejects(reading, interrupted);
  });
});

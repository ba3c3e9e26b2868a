// A refused upload's answer reaches a client that is still sending (refuse-upload.ts): the connection is closed
// only after the rest of the body was read for a while. A client busy uploading reads the answer only once it has
// sent what it had, and a reset before that loses it; here it sends 16 MB first, four times the linger Postern used
// to give, and with or without keep-alive it must still read the 413 page.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildApp, type TestApp } from '../helpers/app.ts';
import { signedInFetch } from '../helpers/app-process.ts';
import { newUser, sandbox } from '../helpers/env.ts';
import { listen } from '../helpers/live.ts';
import { BOUNDARY, field, sendThenRead } from '../helpers/raw-upload.ts';
import { asAddressLogin } from '../compose/compose-helpers.ts';

const MB = 1024 * 1024;

describe('a refused upload and a client still sending', () => {
  let t: TestApp;
  let server: Awaited<ReturnType<typeof listen>>;
  let session: Awaited<ReturnType<typeof signedInFetch>>;

  before(async () => {
    t = buildApp(await sandbox(), { MAX_UPLOAD_MB: '1', MAX_CONCURRENT_UPLOADS: '1' });
    server = await listen(t.app);
    session = await signedInFetch(server.base, asAddressLogin(await newUser('refusal')));
  });
  after(async () => {
    await server?.close();
    await t?.close();
  });

  for (const connection of ['keep-alive', 'close']) {
    it(`reads the 413 page after sending 16 MB of a 50 MB body (Connection: ${connection})`, async () => {
      const { host } = new URL(server.base);
      const head = [
        'POST /compose HTTP/1.1', `Host: ${host}`, `Cookie: ${session.cookie()}`, `Connection: ${connection}`,
        `Content-Type: multipart/form-data; boundary=${BOUNDARY}`, `Content-Length: ${50 * MB}`, '', field('_csrf', await session.token()),
      ].join('\r\n');
      const { text, error } = await sendThenRead(server.base, head, 16 * MB);
      assert.match(text, /^HTTP\/1\.1 413 /, `the answer was lost (${error ?? 'no error'}); read: ${JSON.stringify(text.slice(0, 80))}`);
      assert.equal(error, undefined, 'the connection ended without a reset');
      assert.match(text, /\r\nConnection: close\r\n/i, 'the client is told to stop sending');
      assert.match(text, /the attachments may be at most 1 MB together/);
    });
  }
});

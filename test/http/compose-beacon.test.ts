// The save a page sends as it closes (public/compose-guard.js, navigator.sendBeacon) arrives whole, and then the
// browser may close the connection at once, without waiting for the answer. Node's server destroys every request
// still waiting for its answer when the client's side closes, and a destroyed request gives nothing of the body it
// had received but not yet handed over: the draft must be saved all the same, and saved once.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { buildApp, type TestApp } from '../helpers/app.ts';
import { signedInFetch } from '../helpers/app-process.ts';
import { newUser, sandbox, type TestUser } from '../helpers/env.ts';
import { listen } from '../helpers/live.ts';
import { BOUNDARY, closing, field } from '../helpers/raw-upload.ts';
import { asAddressLogin, messagesIn } from '../compose/compose-helpers.ts';

describe('a draft saved by a page on its way out', () => {
  let t: TestApp;
  let server: Awaited<ReturnType<typeof listen>>;
  let session: Awaited<ReturnType<typeof signedInFetch>>;
  let alice: TestUser;

  before(async () => {
    t = buildApp(await sandbox());
    server = await listen(t.app);
    alice = await newUser('beacon');
    session = await signedInFetch(server.base, asAddressLogin(alice));
  });
  after(async () => {
    await server?.close();
    await t?.close();
  });

  async function draftsWith(text: RegExp, count: number): Promise<string[]> {
    const until = Date.now() + 15_000;
    for (;;) {
      const found = (await messagesIn(await sandbox(), alice, 'Drafts')).map((d) => d.source.toString()).filter((s) => text.test(s));
      if (found.length >= count || Date.now() > until) return found;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  for (const leaving of ['stays', 'end', 'destroy'] as const) {
    it(`saves a whole form whose sender closed the connection right after it (${leaving})`, async () => {
      const subject = `Beacon ${leaving}`;
      const body = [
        field('_csrf', await session.token()), field('to', alice.address), field('subject', subject),
        field('body', `Typed just before closing (${leaving}).`), field('action', 'save'), field('autosave', '1'), closing,
      ].join('');
      const { hostname, port } = new URL(server.base);
      const socket = net.connect(Number(port), hostname);
      await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
      socket.on('error', () => {});
      socket.write([
        'POST /compose HTTP/1.1', `Host: ${hostname}:${port}`, `Cookie: ${session.cookie()}`, 'Accept: application/json',
        `Content-Type: multipart/form-data; boundary=${BOUNDARY}`, `Content-Length: ${Buffer.byteLength(body)}`, '', body,
      ].join('\r\n'));
      if (leaving === 'stays') {
        // the control: a client that reads the answer
        const answer = await new Promise<string>((resolve) => {
          let text = '';
          socket.setEncoding('utf8').on('data', (c: string) => {
            text += c;
            if (text.includes('"saved"')) resolve(text);
          });
        });
        assert.match(answer, /^HTTP\/1\.1 200 [^]*"saved":true/);
        socket.destroy();
      } else if (leaving === 'end') socket.end();
      else socket.once('drain', () => socket.destroy()).write('', () => socket.destroy());
      const drafts = await draftsWith(new RegExp(`Subject: ${subject}`), 1);
      assert.equal(drafts.length, 1, 'the draft was saved');
      assert.match(drafts[0]!, /Typed just before closing/);
    });
  }
});

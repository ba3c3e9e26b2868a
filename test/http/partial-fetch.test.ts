// DESIGN.md performance model: opening a message fetches BODYSTRUCTURE and the text part it shows, never the
// whole message. Dovecot's logout line (imap_logout_format = in=%i out=%o) counts the bytes each IMAP session
// sent, which proves it from the server's side.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildApp, bytes, signIn, tokenOf, type TestApp } from '../helpers/app.ts';
import { newUser, sandbox, type TestUser } from '../helpers/env.ts';
import { appendAll, crlf } from '../helpers/imap.ts';
import { b64 } from '../fixtures/messages.ts';

const BIG = randomBytes(3 * 1024 * 1024);

function bigMessage(): string {
  return crlf(`From: Big Sender <big@example.com>
To: reader@postern.test
Subject: Big attachment
Date: Tue, 03 Nov 2026 10:15:00 +0000
Message-ID: <big-1@example.com>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="b"

--b
Content-Type: text/plain; charset=utf-8

The dataset is attached.
--b
Content-Type: application/octet-stream; name="data.bin"
Content-Transfer-Encoding: base64
Content-Disposition: attachment; filename="data.bin"

${b64(BIG)}
--b--
`);
}

/** Bytes Dovecot sent in each IMAP session of this visit, once `sessions` of them have logged out. */
async function sessionBytesOut(t: TestApp, user: TestUser, sessions: number, visit: (agent: Awaited<ReturnType<typeof signIn>>) => Promise<void>): Promise<number[]> {
  const info = await sandbox();
  const log = path.join(info.dir, 'dovecot.log');
  const before = readFileSync(log, 'utf8').length;
  const agent = await signIn(t.app, user);
  await visit(agent);
  await agent.post('/logout').type('form').send({ _csrf: await tokenOf(agent) }).expect(303);
  // The log line is written when Dovecot finishes the session: give it a moment.
  for (let i = 0; i < 50; i++) {
    const lines = readFileSync(log, 'utf8').slice(before).split('\n').filter((l) => l.includes(`imap(${user.name})`) && /Logged out/.test(l));
    const out = lines.map((l) => Number(/out=(\d+)/.exec(l)?.[1] ?? 0));
    if (out.length >= sessions) return out.sort((a, b) => a - b);
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('no logout line in dovecot.log');
}

describe('partial fetch', () => {
  let t: TestApp;
  let user: TestUser;
  let uid: number;
  before(async () => {
    t = buildApp(await sandbox());
    user = await newUser('partial');
    [uid] = await appendAll(await sandbox(), user, 'INBOX', [bigMessage()]) as [number];
  });
  after(() => t.close());

  it('opens a message with a 3 MB attachment moving only kilobytes from IMAP', async () => {
    const [out] = await sessionBytesOut(t, user, 1, async (agent) => {
      await agent.get(`/message/INBOX/${uid}`).expect(200);
      const body = await agent.get(`/message/INBOX/${uid}/body`).expect(200);
      assert.match(body.text, /The dataset is attached/);
    });
    assert.ok(out! < 64 * 1024, `IMAP sent ${out} bytes for a message view`);
  });

  it('does move the attachment when the user downloads it, on a connection of its own (the measure can fail)', async () => {
    const [session, download] = await sessionBytesOut(t, user, 2, async (agent) => {
      const page = await agent.get(`/message/INBOX/${uid}`).expect(200);
      const href = /href="([^"]+\/part\/[0-9.]+)" download>data\.bin/.exec(page.text)![1]!;
      const res = await agent.get(href).buffer(true).parse(bytes).expect(200);
      assert.ok(Buffer.compare(res.body as Buffer, BIG) === 0);
    });
    assert.ok(download! > 3 * 1024 * 1024, `the download connection moved ${download} bytes for a 3 MB attachment`);
    assert.ok(session! < 64 * 1024, `the session connection moved ${session} bytes: the download did not use it`);
  });
});

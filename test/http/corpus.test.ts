// Every real-world message of ../shared/corpus renders: page, body frame and each listed part answer without a
// server error, and nothing executable reaches the body document.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type supertest from 'supertest';
import { buildApp, signIn, type TestApp } from '../helpers/app.ts';
import { newUser, sandbox, type TestUser } from '../helpers/env.ts';
import { withImap } from '../helpers/imap.ts';

const CORPUS = path.join(import.meta.dirname, '..', '..', '..', 'shared', 'corpus');

function emlFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? emlFiles(path.join(dir, e.name)) : e.name.endsWith('.eml') ? [path.join(dir, e.name)] : []).sort();
}

describe('the shared real-world corpus renders', () => {
  const files = emlFiles(CORPUS);
  let t: TestApp;
  let user: TestUser;
  let agent: ReturnType<typeof supertest.agent>;
  const uids = new Map<string, number>();

  before(async () => {
    const info = await sandbox();
    t = buildApp(info);
    user = await newUser('corpus');
    await withImap(info, user, async (client) => {
      for (const file of files) {
        // Cyrus-safe CRLF, as any client APPENDs (SANDBOX-NOTES.md); the bytes are otherwise the corpus's own.
        const raw = readFileSync(file).toString('latin1').replace(/\r?\n/g, '\r\n');
        const res = await client.append('INBOX', Buffer.from(raw, 'latin1'));
        if (res && res.uid) uids.set(file, res.uid);
      }
    });
    agent = await signIn(t.app, user);
  });
  after(() => t.close());

  it('has the corpus to test', () => {
    assert.ok(files.length >= 50, `expected the corpus at ${CORPUS}`);
    assert.equal(uids.size, files.length, 'every corpus message was appended');
  });

  it('lists every corpus message on the mailbox pages', async () => {
    let listed = 0;
    for (let page = 1; page <= Math.ceil(files.length / 50); page++) {
      const res = await agent.get(`/mailbox/INBOX?page=${page}`).expect(200);
      listed += (res.text.match(/data-uid="/g) ?? []).length;
    }
    assert.equal(listed, files.length);
  });

  for (const file of files) {
    const name = path.relative(CORPUS, file);
    it(`renders ${name}`, async () => {
      const uid = uids.get(file);
      assert.ok(uid, 'appended');
      const page = await agent.get(`/message/INBOX/${uid}`);
      assert.equal(page.status, 200, `message page: ${page.status}`);
      const body = await agent.get(`/message/INBOX/${uid}/body`);
      assert.equal(body.status, 200, `body: ${body.status}`);
      assert.doesNotMatch(body.text, /<script|<iframe|<object|<embed|\son[a-z]+\s*=|javascript:/i);
      for (const [, href] of page.text.matchAll(/<a href="(\/message\/INBOX\/\d+\/part\/[0-9.]+)" download>/g)) {
        const part = await agent.get(href!);
        assert.equal(part.status, 200, `${href}: ${part.status}`);
        assert.equal(part.headers['x-content-type-options'], 'nosniff');
      }
    });
  }
});

// Every message of a collection renders: the mailbox pages list them all, and each message's page, body frame
// and every listed part answer without a server error, with nothing executable in the body document. Two
// collections: the project's own odd and hostile messages (test/fixtures/odd-mail, always), and the real-world
// corpus in ../shared/corpus, run when a checkout has it beside it and skipped, saying so, when it does not.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type supertest from 'supertest';
import { buildApp, signIn, type TestApp } from '../helpers/app.ts';
import { newUser, sandbox } from '../helpers/env.ts';
import { withImap } from '../helpers/imap.ts';

const OWN = path.join(import.meta.dirname, '..', 'fixtures', 'odd-mail');
const CORPUS = path.join(import.meta.dirname, '..', '..', '..', 'shared', 'corpus');

function emlFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? emlFiles(path.join(dir, e.name)) : e.name.endsWith('.eml') ? [path.join(dir, e.name)] : []).sort();
}

function rendersEveryMessage(title: string, dir: string, opts: { atLeast: number; skip: string | false }): void {
  describe(title, { skip: opts.skip }, () => {
    const files = emlFiles(dir);
    let t: TestApp;
    let agent: ReturnType<typeof supertest.agent>;
    const uids = new Map<string, number>();

    before(async () => {
      const info = await sandbox();
      t = buildApp(info);
      const user = await newUser('corpus');
      await withImap(info, user, async (client) => {
        for (const file of files) {
          // Cyrus-safe CRLF, as any client APPENDs (SANDBOX-NOTES.md); the bytes are otherwise the file's own.
          const raw = readFileSync(file).toString('latin1').replace(/\r?\n/g, '\r\n');
          const res = await client.append('INBOX', Buffer.from(raw, 'latin1'));
          if (res && res.uid) uids.set(file, res.uid);
        }
      });
      agent = await signIn(t.app, user);
    });
    after(() => t?.close());

    it('has the messages to test', () => {
      assert.ok(files.length >= opts.atLeast, `expected at least ${opts.atLeast} messages in ${dir}`);
      assert.equal(uids.size, files.length, 'every message was appended');
    });

    it('lists every message on the mailbox pages', async () => {
      let listed = 0;
      for (let page = 1; page <= Math.ceil(files.length / 50); page++) {
        const res = await agent.get(`/mailbox/INBOX?page=${page}`).expect(200);
        listed += (res.text.match(/data-uid="/g) ?? []).length;
      }
      assert.equal(listed, files.length);
    });

    for (const file of files) {
      it(`renders ${path.relative(dir, file)}`, async () => {
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
}

rendersEveryMessage('the project\'s own odd and hostile messages render', OWN, { atLeast: 10, skip: false });
rendersEveryMessage('the shared real-world corpus renders', CORPUS, {
  atLeast: 50,
  // A clone of the project has no ../shared: the own messages above still run.
  skip: existsSync(CORPUS) ? false : 'no ../shared/corpus beside this clone',
});

// Signed-in pages render from compiled templates. The user's settings once sat in res.locals.settings, where EJS
// reads Express's app settings (`settings['view cache']`): every signed-in page then compiled its templates again.
// Counted, not timed: EJS's compile is wrapped in both instances, the ES module the app's engine (view-engine.ts) and
// the rows memo use, and the CommonJS one Express would load for a view engine of its own.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import esm from 'ejs';
import { buildApp, signIn, type TestApp } from '../helpers/app.ts';
import { newUser, sandbox } from '../helpers/env.ts';
import { appendAll } from '../helpers/imap.ts';
import { plainText } from '../fixtures/messages.ts';

type Compile = (...args: unknown[]) => unknown;
const instances = [createRequire(import.meta.url)('ejs') as { compile: Compile }, esm as unknown as { compile: Compile }];

describe('template cache on signed-in pages', () => {
  let t: TestApp;
  let compiled: string[] = [];
  const originals = instances.map((ejs) => ejs.compile);

  before(() => {
    instances.forEach((ejs, i) => {
      ejs.compile = function (this: unknown, ...args: unknown[]) {
        compiled.push(String((args[1] as { filename?: string } | undefined)?.filename));
        return originals[i]!.apply(this, args);
      };
    });
  });
  after(async () => {
    instances.forEach((ejs, i) => (ejs.compile = originals[i]!));
    await t?.close();
  });

  it('compiles each template once, however many pages are shown', async () => {
    const info = await sandbox();
    t = buildApp(info);
    const user = await newUser('viewcache');
    const [uid] = await appendAll(info, user, 'INBOX', [plainText('Cached templates')]);
    const agent = await signIn(t.app, user);
    const pages = ['/mailbox/INBOX', `/message/INBOX/${uid}`, '/mailboxes', '/settings', '/compose'];
    for (const page of pages) await agent.get(page).expect(200);
    assert.ok(compiled.some((file) => file.endsWith('mailbox.ejs')), `the first round compiled the pages: ${compiled.join(', ')}`);
    compiled = [];
    for (const page of pages) await agent.get(page).expect(200);
    assert.deepEqual(compiled, [], 'templates compiled again on the second round of pages');
  });
});

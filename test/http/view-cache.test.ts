// Signed-in pages render from compiled templates. The user's settings once sat in res.locals.settings, where EJS
// reads Express's app settings (`settings['view cache']`): every signed-in page then compiled its templates again.
// Counted, not timed: EJS's compile is wrapped in the CommonJS instance Express loads.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { buildApp, signIn, type TestApp } from '../helpers/app.ts';
import { newUser, sandbox } from '../helpers/env.ts';
import { appendAll } from '../helpers/imap.ts';
import { plainText } from '../fixtures/messages.ts';

const ejs = createRequire(import.meta.url)('ejs') as { compile: (...args: unknown[]) => unknown };

describe('template cache on signed-in pages', () => {
  let t: TestApp;
  let compiled: string[] = [];
  const original = ejs.compile;

  before(() => {
    ejs.compile = function (this: unknown, ...args: unknown[]) {
      compiled.push(String((args[1] as { filename?: string } | undefined)?.filename));
      return original.apply(this, args);
    };
  });
  after(async () => {
    ejs.compile = original;
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
    compiled = [];
    for (const page of pages) await agent.get(page).expect(200);
    assert.deepEqual(compiled, [], 'templates compiled again on the second round of pages');
  });
});

// Postern's EJS engine (view-engine.ts: no `with`, includes resolved once) must give every page byte for byte what
// stock EJS gives. Each page below is rendered through the app against the real servers, and each rendering is done
// twice, by the app's engine and by ejs.renderFile with the same options (what Express would call without ours).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import ejs from 'ejs';
import type supertest from 'supertest';
import { ejsViews } from '../../src/http/pages/view-engine.ts';
import { buildApp, signIn, type TestApp } from '../helpers/app.ts';
import { newUser, sandbox, type TestUser } from '../helpers/env.ts';
import { appendAll } from '../helpers/imap.ts';
import { htmlMessage, plainText } from '../fixtures/messages.ts';

type Done = (err: unknown, html?: string) => void;

describe('the view engine', () => {
  let t: TestApp;
  let user: TestUser;
  let agent: ReturnType<typeof supertest.agent>;
  let uids: number[];
  const compared = new Map<string, number>();
  const differences: string[] = [];

  before(async () => {
    const info = await sandbox();
    t = buildApp(info);
    // Replaced before the first request: Express looks the engine up when it first renders a view.
    const ours = ejsViews();
    t.app.engine('ejs', (file: string, options: object, done: Done) => {
      ours(file, options, (err, html) => {
        if (err) return done(err);
        ejs.renderFile(file, options as ejs.Data, (stockErr: Error | null, stock?: string) => {
          if (stockErr) return done(stockErr);
          const view = path.relative(path.join(import.meta.dirname, '..', '..', 'views'), file);
          compared.set(view, (compared.get(view) ?? 0) + 1);
          if (stock !== html) {
            const at = [...(html ?? '')].findIndex((c, i) => c !== stock![i]);
            differences.push(`${view} differs at ${at}: ours ${JSON.stringify(html?.slice(at - 60, at + 60))}, stock ${JSON.stringify(stock?.slice(at - 60, at + 60))}`);
          }
          done(null, html);
        });
      });
    });
    user = await newUser('views');
    uids = await appendAll(info, user, 'INBOX', [
      plainText('Plain <b>&amp;</b> "quoted"'),
      htmlMessage('Newsletter', '<p style="color:red">Hello <a href="https://example.com/">there</a></p>'),
      ...Array.from({ length: 55 }, (_, i) => plainText(`Row ${i}`)),
    ]);
  });
  after(async () => {
    await t?.close();
  });

  it('renders every page as stock EJS does', async () => {
    const anonymous = (await import('supertest')).default.agent(t.app);
    await anonymous.get('/login').expect(200);
    agent = await signIn(t.app, user);
    const [plain, html] = uids;
    const pages = [
      '/mailbox/INBOX', '/mailbox/INBOX?page=2', '/mailbox/INBOX?select=page', '/mailbox/INBOX?q=Row&sort=subject&order=asc',
      '/mailbox/INBOX?page=x', `/message/INBOX/${plain}`, `/message/INBOX/${html}`, `/message/INBOX/${html}/source`,
      `/conversation/INBOX/${plain}`, '/search?q=Row', '/search', '/compose', `/message/INBOX/${plain}/reply`,
      `/message/INBOX/${html}/forward`, '/mailboxes', '/settings', '/settings/identities', '/settings/identities/new',
      '/settings/accounts', '/settings/accounts/new', '/message/INBOX/999999', '/mailbox/No%20such%20folder', '/no-such-page',
    ];
    for (const page of pages) {
      const res = await agent.get(page);
      assert.ok(res.status < 500, `${page} answered ${res.status}`);
    }
    assert.deepEqual(differences, []);
    // Every page view was compared at least once (confirm.ejs answers only a POST), partials through their pages.
    for (const view of ['login.ejs', 'error.ejs', 'mailbox.ejs', 'message.ejs', 'source.ejs', 'conversation.ejs', 'search-all.ejs',
      'compose.ejs', 'mailboxes.ejs', 'settings.ejs', 'identities.ejs', 'identity.ejs', 'accounts.ejs', 'account-form.ejs']) {
      assert.ok(compared.has(view), `${view} was not rendered: ${[...compared.keys()].join(', ')}`);
    }
  });
});

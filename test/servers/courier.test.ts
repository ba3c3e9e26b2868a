// Postern's main flows against Courier-IMAP 5.0 (Debian's courier-imap, a private instance from
// sandbox/courier.ts): separator ".", every folder under "INBOX.", no special-use flags (folders found by name),
// no MOVE (COPY + \Deleted + UID EXPUNGE), no METADATA (settings in a hidden folder).
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildApp, signIn, tokenOf } from '../helpers/app.ts';
import { withImap } from '../helpers/imap.ts';
import { startCourier, type MailServer } from '../helpers/servers.ts';
import { readingFlows } from './reading-flows.ts';
import { writingFlows } from './writing-flows.ts';

const traits = { prefix: 'INBOX.', delimiter: '.', specialFolders: ['Inbox', 'Drafts', 'Sent', 'Trash'] };

readingFlows('Courier', startCourier, traits);
writingFlows('Courier', startCourier, { ...traits, settingsBackend: 'folder' });

describe('deleting a folder tree on Courier', () => {
  let server: MailServer;
  before(async () => {
    server = await startCourier();
  });

  it('gives every DELETE its own deadline, so a tree that takes longer than one deadline is still deleted', async () => {
    // Courier sleeps 2 s inside each DELETE: four of them take 8 s, past a 5 s IMAP_TIMEOUT_SECONDS for the lot.
    const t = buildApp(server.info, { IMAP_TIMEOUT_SECONDS: '5' });
    try {
      const user = await server.newUser('tree');
      const names = ['Tree', 'Tree.A', 'Tree.B', 'Tree.C'].map((n) => `INBOX.${n}`);
      await withImap(server.info, user, async (c) => {
        for (const name of names) await c.mailboxCreate(name);
      });
      const agent = await signIn(t.app, user);
      const csrf = await tokenOf(agent);
      await agent.post(`/mailbox/${encodeURIComponent('INBOX.Tree')}/delete`).type('form').send({ _csrf: csrf, confirm: 'yes' }).expect(303);
      const left = await withImap(server.info, user, async (c) => (await c.list()).map((m) => m.path));
      assert.deepEqual(left.filter((p) => p.startsWith('INBOX.Tree')), []);
    } finally {
      await t.close();
    }
  });
});

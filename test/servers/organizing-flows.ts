// Conversations, labels and all-folder search against an IMAP server other than the sandbox's Dovecot, where THREAD
// and keywords differ: registered by test/servers/<server>.test.ts. Each server's own answer (its THREAD
// algorithms, its PERMANENTFLAGS) is asserted first, so a server that changes is noticed here and not as a
// puzzling failure further down.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type supertest from 'supertest';
import { discussion, rawMail } from '../fixtures/thread.ts';
import { buildApp, signIn, tokenOf, type TestApp } from '../helpers/app.ts';
import type { TestUser } from '../helpers/env.ts';
import { appendAll, withImap } from '../helpers/imap.ts';
import { decodeHtml } from '../helpers/list.ts';
import type { MailServer } from '../helpers/servers.ts';
import type { ServerTraits } from './reading-flows.ts';

type Agent = ReturnType<typeof supertest.agent>;

export interface OrganizingTraits extends ServerTraits {
  /** the THREAD algorithms the server offers (CAPABILITY) */
  thread: string[];
}

export function organizingFlows(label: string, start: () => Promise<MailServer>, traits: OrganizingTraits): void {
  describe(`conversations, labels and all-folder search on ${label}`, () => {
    let server: MailServer;
    let t: TestApp;
    let user: TestUser;
    let agent: Agent;
    const p = (...names: string[]) => traits.prefix + names.join(traits.delimiter);
    const keywordsIn = (mailbox: string) => withImap(server.info, user, async (c) => {
      const box = await c.mailboxOpen(mailbox, { readOnly: true });
      const out = new Map<number, string[]>();
      if (box.exists) for await (const m of c.fetch('1:*', { uid: true, flags: true })) out.set(m.uid, [...(m.flags ?? [])].filter((f) => !f.startsWith('\\')).sort());
      return out;
    });

    before(async () => {
      server = await start();
      t = buildApp(server.info);
      user = await server.newUser('org');
      agent = await signIn(t.app, user);
    });
    after(() => t.close());

    it('offers THREAD as expected, no MULTISEARCH, and keeps new keywords (PERMANENTFLAGS \\*)', async () => {
      const seen = await withImap(server.info, user, async (c) => {
        const box = await c.mailboxOpen('INBOX');
        return {
          thread: [...c.capabilities.keys()].filter((k) => k.startsWith('THREAD=')).map((k) => k.slice(7)).sort(),
          multisearch: c.capabilities.has('MULTISEARCH'), permanent: [...box.permanentFlags ?? []],
        };
      });
      // DESIGN.md: all-folder search goes folder by folder because no server here has RFC 7377 MULTISEARCH.
      assert.equal(seen.multisearch, false, 'MULTISEARCH is offered now: search-all.ts could use it');
      assert.deepEqual(seen.thread, [...traits.thread].sort());
      assert.ok(seen.permanent.includes('\\*'), `PERMANENTFLAGS ${seen.permanent.join(' ')}`);
    });

    it('shows a conversation with the user\'s reply from Sent, in order', async () => {
      const mails = discussion({ count: 6, own: [2, 4], self: `Me <${user.address}>`, other: 'Dana <dana@example.com>', topic: 'Roadmap' });
      const inbox = await appendAll(server.info, user, 'INBOX', mails.filter((_, i) => i !== 2 && i !== 4).map(rawMail));
      await appendAll(server.info, user, p('Sent'), [mails[2]!, mails[4]!].map(rawMail), ['\\Seen']);
      const html = decodeHtml((await agent.get(`/conversation/INBOX/${inbox[0]}`).expect(200)).text);
      const bodies = [...html.matchAll(/src="(\/message\/[^"]+\/body\?quotes=fold)"/g)].map((m) => m[1]!);
      assert.equal(bodies.length, 6);
      for (const [i, href] of bodies.entries()) assert.match((await agent.get(href).expect(200)).text, new RegExp(`Message number ${i} of Roadmap`));
      assert.equal(html.match(/class="in-folder">in Sent</g)?.length, 2);
      assert.match(html, new RegExp(`name="uid" value="${inbox.join(',')}"`));
    });

    it('sets a label that another client sees, filters by it, and marks junk and not junk', async () => {
      const csrf = await tokenOf(agent);
      const uids = await appendAll(server.info, user, 'INBOX', ['Label me', 'Junk me'].map((s, i) => rawMail(discussion({ count: 1, own: [], self: user.address, other: 'x@example.com', topic: s, start: new Date(Date.UTC(2026, 4, i + 1)) })[0]!)));
      const bulk = (mailbox: string, fields: Record<string, string>) =>
        agent.post(`/mailbox/${encodeURIComponent(mailbox)}/messages`).type('form').send({ _csrf: csrf, ...fields }).expect(303);
      await bulk('INBOX', { uid: String(uids[0]), action: 'label', label: '$label4' });
      assert.deepEqual((await keywordsIn('INBOX')).get(uids[0]!), ['$label4']);
      const filtered = decodeHtml((await agent.get('/mailbox/INBOX?label=%24label4').expect(200)).text);
      assert.deepEqual([...filtered.matchAll(/data-uid="(\d+)"/g)].map((m) => Number(m[1])), [uids[0]]);

      await bulk('INBOX', { uid: String(uids[1]), action: 'junk' });
      const junkPath = await withImap(server.info, user, async (c) => (await c.list()).find((m) => m.name === 'Junk')?.path);
      assert.ok(junkPath, 'a Junk folder, made if the account had none');
      const junk = await keywordsIn(junkPath);
      assert.deepEqual([...junk.values()], [['$Junk']]);
      await bulk(junkPath, { uid: String([...junk.keys()][0]), action: 'notjunk' });
      const back = [...(await keywordsIn('INBOX')).values()].filter((f) => f.includes('$NotJunk'));
      assert.deepEqual(back, [['$NotJunk']]);
    });

    it('searches every folder and names the folder of each result', async () => {
      await withImap(server.info, user, (c) => c.mailboxCreate(p('Clients')));
      const make = (topic: string, day: number) => rawMail(discussion({ count: 1, own: [], self: user.address, other: 'z@example.com', topic, start: new Date(Date.UTC(2026, 5, day)) })[0]!);
      await appendAll(server.info, user, 'INBOX', [make('Wombat notes', 1)]);
      await appendAll(server.info, user, p('Clients'), [make('Wombat offer', 2)]);
      const html = decodeHtml((await agent.get('/search?q=wombat').expect(200)).text);
      const rows = [...html.matchAll(/<span class="in-folder">([^<]+)<\/span> ([^<]+)/g)].map((m) => `${m[1]}: ${m[2]!.trim()}`);
      // Streamed folder by folder (DESIGN.md): grouped by folder in tree order, newest first within each.
      assert.deepEqual(rows, ['Inbox: Wombat notes', 'Clients: Wombat offer']);
    });
  });
}

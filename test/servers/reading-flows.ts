// Postern's reading flows against an IMAP server other than the sandbox's Dovecot: sign in, the folder tree, the
// mailbox page newest first, sorted and searched, and a message with HTML and an attachment. Registered by
// test/servers/<server>.test.ts with what that server does differently.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type supertest from 'supertest';
import { htmlWithInlineImage, PDF } from '../fixtures/messages.ts';
import { buildApp, bytes, signIn, type TestApp } from '../helpers/app.ts';
import type { TestUser } from '../helpers/env.ts';
import { appendAll, crlf, withImap } from '../helpers/imap.ts';
import { decodeHtml, listRows } from '../helpers/list.ts';
import type { MailServer } from '../helpers/servers.ts';

type Agent = ReturnType<typeof supertest.agent>;

export interface ServerTraits {
  /** the personal namespace prefix: paths carry it, names on the page never do */
  prefix: string;
  delimiter: string;
  /** the special-use folders of a new account, in the sidebar's order */
  specialFolders: string[];
}

/** A message from `from`, dated day `day` of November 2026, of about `size` bytes. */
export function dated(subject: string, from: string, day: number, size = 0): string {
  return crlf(`From: ${from}
To: reader@postern.test
Subject: ${subject}
Date: ${String(day).padStart(2, '0')} Nov 2026 10:00:00 +0000
Message-ID: <${subject.replace(/\W+/g, '-')}-${day}@example.com>
MIME-Version: 1.0
Content-Type: text/plain; charset=utf-8

About ${subject.toLowerCase()}.
${'padding line\n'.repeat(size)}`);
}

/** Sidebar rows: [depth, name shown, href]. */
export function sidebar(html: string): [number, string, string][] {
  const nav = /<nav class="folders"[\s\S]*?<\/nav>/.exec(html)?.[0] ?? '';
  return [...nav.matchAll(/<li class="depth-(\d)[^"]*">\s*<a href="([^"]+)"[^>]*>([^<]+)<\/a>/g)].map((m) => [Number(m[1]), decodeHtml(m[3]!), decodeHtml(m[2]!)]);
}

export function readingFlows(label: string, start: () => Promise<MailServer>, traits: ServerTraits): void {
  describe(`reading mail on ${label}`, () => {
    let server: MailServer;
    let t: TestApp;
    let user: TestUser;
    let agent: Agent;
    let uids: number[];
    let htmlUid: number;
    /** a path in the personal namespace, segments joined by the server's delimiter */
    const p = (...names: string[]) => traits.prefix + names.join(traits.delimiter);

    before(async () => {
      server = await start();
      t = buildApp(server.info);
      user = await server.newUser('read');
      await withImap(server.info, user, async (c) => {
        await c.mailboxCreate(p('Projects'));
        await c.mailboxCreate(p('Projects', 'Postern'));
        await c.mailboxSubscribe(p('Projects', 'Postern'));
      });
      // UIDs rise with the append order; dates, senders and sizes do not follow it, so every order differs.
      uids = await appendAll(server.info, user, 'INBOX', [
        dated('Budget review', 'Zoe <zoe@example.com>', 3, 40),
        dated('Lunch plans', 'Adam <adam@example.com>', 9),
        dated('Quarterly budget', 'Mia <mia@example.com>', 1, 10),
        dated('Conference', 'Bert <bert@example.com>', 5, 80),
      ]);
      [htmlUid] = await appendAll(server.info, user, 'INBOX', [htmlWithInlineImage('Invoice with attachment')]) as [number];
      agent = await signIn(t.app, user);
    });
    after(() => t.close());

    it('signs in and lands on the inbox', async () => {
      const res = await agent.get('/').expect(302);
      assert.equal(res.headers.location, '/mailbox/INBOX');
      assert.match((await agent.get('/mailbox/INBOX').expect(200)).text, /<h1>Inbox<\/h1>/);
    });

    it('shows the folder tree with the special-use folders first, nested folders by the server\'s delimiter, no prefix in names', async () => {
      const page = (await agent.get('/mailbox/INBOX').expect(200)).text;
      const rows = sidebar(page);
      assert.deepEqual(rows.slice(0, traits.specialFolders.length).map(([, name]) => name), traits.specialFolders);
      const sent = rows.find(([, name]) => name === 'Sent');
      assert.equal(sent?.[2], `/mailbox/${encodeURIComponent(p('Sent'))}`);
      assert.deepEqual(rows.find(([, name]) => name === 'Postern'), [1, 'Postern', `/mailbox/${encodeURIComponent(p('Projects', 'Postern'))}`]);
      assert.ok(!rows.some(([, name]) => name.startsWith('INBOX.')), 'the prefix stays out of names');
      // Unread counts come from LIST-STATUS where the server has it (Cyrus, Dovecot), else STATUS per folder (Courier).
      assert.match(/<li class="depth-0[^"]*special-inbox">[\s\S]*?<\/li>/.exec(page)?.[0] ?? '', /<span class="unseen" title="5 unread">5<\/span>/);
      const folderPage = await agent.get(`/mailbox/${encodeURIComponent(p('Projects', 'Postern'))}`).expect(200);
      assert.match(folderPage.text, /<h1>Postern<\/h1>/);
    });

    it('lists the inbox newest first', async () => {
      const rows = listRows((await agent.get('/mailbox/INBOX').expect(200)).text);
      assert.deepEqual(rows.map((r) => r.uid), [htmlUid, ...uids].sort((a, b) => b - a));
    });

    it('sorts by date, sender, subject and size through the server\'s SORT', async () => {
      const order = async (query: string) => listRows((await agent.get(`/mailbox/INBOX?${query}`).expect(200)).text).map((r) => r.subject);
      const plain = (subjects: string[]) => subjects.filter((s) => s !== 'Invoice with attachment');
      assert.deepEqual(plain(await order('sort=date&order=asc')), ['Quarterly budget', 'Budget review', 'Conference', 'Lunch plans']);
      assert.deepEqual(plain(await order('sort=from&order=asc')), ['Lunch plans', 'Conference', 'Quarterly budget', 'Budget review']);
      assert.deepEqual(plain(await order('sort=subject&order=desc')), ['Quarterly budget', 'Lunch plans', 'Conference', 'Budget review']);
      assert.deepEqual(plain(await order('sort=size&order=desc')), ['Conference', 'Budget review', 'Quarterly budget', 'Lunch plans']);
    });

    it('searches', async () => {
      const found = listRows((await agent.get('/mailbox/INBOX?q=budget').expect(200)).text).map((r) => r.subject).sort();
      assert.deepEqual(found, ['Budget review', 'Quarterly budget']);
      const bySender = listRows((await agent.get('/mailbox/INBOX?from=adam').expect(200)).text).map((r) => r.subject);
      assert.deepEqual(bySender, ['Lunch plans']);
    });

    it('opens an HTML message, sanitized, with its attachment byte for byte, and marks it read', async () => {
      const page = await agent.get(`/message/INBOX/${htmlUid}`).expect(200);
      assert.match(page.text, /Invoice with attachment/);
      const pdfHref = /href="(\/message\/INBOX\/\d+\/part\/[0-9.]+)" download>Rechnung März\.pdf/.exec(page.text)?.[1];
      assert.ok(pdfHref, 'the attachment is listed');
      const body = await agent.get(`/message/INBOX/${htmlUid}/body`).expect(200);
      assert.match(body.text, /The logo above is <b>inline<\/b>/);
      assert.doesNotMatch(body.text, /<script|onclick|javascript:/i);
      const pdf = await agent.get(pdfHref).buffer(true).parse(bytes).expect(200);
      assert.equal(Buffer.compare(pdf.body as Buffer, PDF), 0, 'identical bytes');
      const seen = await withImap(server.info, user, async (c) => {
        await c.mailboxOpen('INBOX', { readOnly: true });
        const msg = await c.fetchOne(String(htmlUid), { flags: true }, { uid: true });
        return msg ? msg.flags?.has('\\Seen') : undefined;
      });
      assert.equal(seen, true);
    });
  });
}

// Postern's writing flows against an IMAP server other than the sandbox's Dovecot: flags, move, delete to Trash,
// drafts, sending (via the sandbox's Postfix, a copy APPENDed to Sent here), folder create/rename/delete and the
// settings store. Registered by test/servers/<server>.test.ts with what that server does differently.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type supertest from 'supertest';
import { plainText } from '../fixtures/messages.ts';
import { buildApp, signIn, tokenOf, type TestApp } from '../helpers/app.ts';
import { sandbox, type TestUser } from '../helpers/env.ts';
import { appendAll, withImap } from '../helpers/imap.ts';
import type { MailServer } from '../helpers/servers.ts';
import { formFields, header, messagesIn, postCompose, waitForMessage } from '../compose/compose-helpers.ts';
import { saveSettings, shownSettings } from '../http/settings-helpers.ts';
import type { ServerTraits } from './reading-flows.ts';

type Agent = ReturnType<typeof supertest.agent>;

export interface WritingTraits extends ServerTraits {
  /** where SETTINGS_STORE=auto keeps the settings on this server */
  settingsBackend: 'metadata' | 'folder';
}

export function writingFlows(label: string, start: () => Promise<MailServer>, traits: WritingTraits): void {
  describe(`writing mail on ${label}`, () => {
    let server: MailServer;
    let t: TestApp;
    let user: TestUser;
    let agent: Agent;
    let csrf: string;
    /** a path in the personal namespace, segments joined by the server's delimiter */
    const p = (...names: string[]) => traits.prefix + names.join(traits.delimiter);
    const post = (path: string, fields: Record<string, string | string[]>) => agent.post(path).type('form').send({ _csrf: csrf, ...fields });
    const subjects = async (mailbox: string) => (await messagesIn(server.info, user, mailbox)).map((m) => m.msg.envelope?.subject ?? '').sort();
    const folders = () => withImap(server.info, user, async (c) => (await c.list()).map((m) => m.path).sort());

    before(async () => {
      server = await start();
      t = buildApp(server.info);
      user = await server.newUser('write');
      agent = await signIn(t.app, user);
      csrf = await tokenOf(agent);
    });
    after(() => t.close());

    it('sets and clears flags', async () => {
      const [uid] = await appendAll(server.info, user, 'INBOX', [plainText('Flag me')]) as [number];
      await post(`/message/INBOX/${uid}/flags`, { flagged: '1', seen: '1' }).expect(303);
      const flagsOf = () => withImap(server.info, user, async (c) => {
        await c.mailboxOpen('INBOX', { readOnly: true });
        const msg = await c.fetchOne(String(uid), { flags: true }, { uid: true });
        return (msg ? msg.flags : undefined) ?? new Set<string>();
      });
      assert.deepEqual([...await flagsOf()].sort(), ['\\Flagged', '\\Seen']);
      await post(`/message/INBOX/${uid}/flags`, { flagged: '0', seen: '0' }).expect(303);
      assert.deepEqual([...await flagsOf()], []);
    });

    it('moves a message and leaves alone another client\'s message marked \\Deleted', async () => {
      await withImap(server.info, user, (c) => c.mailboxCreate(p('Receipts')));
      const [other, uid] = await appendAll(server.info, user, 'INBOX', [plainText('Deleted elsewhere'), plainText('Move me')]) as [number, number];
      // Without MOVE (RFC 6851) the fallback is COPY, \Deleted and UID EXPUNGE of just this UID (RFC 4315): a plain
      // EXPUNGE would also remove what another client marked but has not expunged yet.
      await withImap(server.info, user, async (c) => {
        await c.mailboxOpen('INBOX');
        await c.messageFlagsAdd(String(other), ['\\Deleted'], { uid: true });
      });
      await post(`/message/INBOX/${uid}/move`, { to: p('Receipts') }).expect(303);
      assert.deepEqual(await subjects(p('Receipts')), ['Move me']);
      const inbox = await subjects('INBOX');
      assert.ok(!inbox.includes('Move me'), 'gone from INBOX');
      assert.ok(inbox.includes('Deleted elsewhere'), 'the other message is still there');
    });

    it('deletes to Trash, and from Trash for good', async () => {
      const [uid] = await appendAll(server.info, user, 'INBOX', [plainText('Throw me away')]) as [number];
      await post(`/message/INBOX/${uid}/delete`, {}).expect(303);
      const trashed = (await messagesIn(server.info, user, p('Trash'))).find((m) => m.msg.envelope?.subject === 'Throw me away');
      assert.ok(trashed, 'in Trash');
      assert.ok(!(await subjects('INBOX')).includes('Throw me away'));
      const confirm = await post(`/message/${encodeURIComponent(p('Trash'))}/${trashed.uid}/delete`, {}).expect(200);
      assert.match(confirm.text, /cannot be undone|for good|permanently/i);
      await post(`/message/${encodeURIComponent(p('Trash'))}/${trashed.uid}/delete`, { confirm: 'yes' }).expect(303);
      assert.ok(!(await subjects(p('Trash'))).includes('Throw me away'));
    });

    it('saves a draft with CRLF line ends and an encoded non-ASCII subject, and replaces it on the next save', async () => {
      const first = await postCompose(agent, {
        _csrf: await tokenOf(agent, '/compose'), to: 'ana@example.com', subject: 'Grüße aus Köln', body: 'Line one\nLine two\n\nBis bald', action: 'save',
      }).expect(303);
      const uid = Number(/^\/compose\?draft=(\d+)$/.exec(first.headers.location!)?.[1]);
      let drafts = await messagesIn(server.info, user, p('Drafts'));
      assert.deepEqual(drafts.map((d) => d.uid), [uid]);
      assert.ok(drafts[0]!.flags.has('\\Draft'));
      assert.equal(drafts[0]!.msg.envelope?.subject, 'Grüße aus Köln');
      assert.ok(!/(^|[^\r])\n/.test(drafts[0]!.source.toString('latin1')), 'every line ends in CRLF');
      assert.ok(!/[\x80-\xff]/.test(drafts[0]!.source.toString('latin1').split('\r\n\r\n')[0]!), 'headers are 7-bit');
      await postCompose(agent, {
        _csrf: await tokenOf(agent, '/compose'), draft: String(uid), to: 'ana@example.com', subject: 'Grüße aus Köln (2)', body: 'Line one', action: 'save',
      }).expect(303);
      drafts = await messagesIn(server.info, user, p('Drafts'));
      assert.deepEqual(drafts.map((d) => d.msg.envelope?.subject), ['Grüße aus Köln (2)']);
    });

    it('sends through the submission server and keeps the copy in Sent here', async () => {
      const reader = await server.newUser('to');
      const res = await postCompose(agent, {
        _csrf: await tokenOf(agent, '/compose'), fromAddress: user.address, to: reader.address, subject: `Sent from ${label}`, body: 'Hello', action: 'send',
      }).expect(303);
      assert.doesNotMatch(res.headers.location!, /^\/compose/, 'not back at the form');
      const sent = await messagesIn(server.info, user, p('Sent'));
      assert.deepEqual(sent.map((m) => m.msg.envelope?.subject), [`Sent from ${label}`]);
      assert.ok(sent[0]!.flags.has('\\Seen'));
      // The recipient's mail lands on the sandbox's Dovecot, where Postfix delivers.
      const arrived = await waitForMessage(await sandbox(), reader, new RegExp(`Sent from ${label}`));
      assert.equal(header(arrived.source, 'Message-ID'), header(sent[0]!.source, 'Message-ID'));
    });

    it('replies and forwards, and marks the original \\Answered and $Forwarded', async () => {
      const reader = await server.newUser('re');
      const [uid] = await appendAll(server.info, user, 'INBOX', [plainText('Question')]) as [number];
      for (const mode of ['reply', 'forward']) {
        const fields = formFields((await agent.get(`/message/INBOX/${uid}/${mode}`).expect(200)).text);
        await postCompose(agent, { ...fields, fromAddress: user.address, to: reader.address, body: 'Answer', action: 'send' }).expect(303);
      }
      const flags = await withImap(server.info, user, async (c) => {
        await c.mailboxOpen('INBOX', { readOnly: true });
        const msg = await c.fetchOne(String(uid), { flags: true }, { uid: true });
        return msg ? [...msg.flags ?? []].sort() : [];
      });
      // $Forwarded is a keyword (RFC 5788): the server must take keywords, as labels (issue 10) will need.
      assert.deepEqual(flags, ['$Forwarded', '\\Answered']);
      await waitForMessage(await sandbox(), reader, /^Fwd: Question$/);
    });

    it('creates, renames and deletes folders inside the personal namespace', async () => {
      await post('/mailboxes', { name: 'Trips' }).expect(303);
      await post('/mailboxes', { name: '2026', parent: p('Trips') }).expect(303);
      assert.ok((await folders()).includes(p('Trips', '2026')), `listed: ${await folders()}`);
      await post(`/mailbox/${encodeURIComponent(p('Trips'))}/rename`, { name: 'Journeys' }).expect(303);
      const renamed = await folders();
      assert.ok(renamed.includes(p('Journeys')) && renamed.includes(p('Journeys', '2026')), `listed: ${renamed}`);
      assert.ok(!renamed.includes(p('Trips')));
      await post(`/mailbox/${encodeURIComponent(p('Journeys'))}/delete`, { confirm: 'yes' }).expect(303);
      assert.ok(!(await folders()).some((f) => f.startsWith(p('Journeys'))));
    });

    it(`keeps the settings in ${traits.settingsBackend === 'metadata' ? 'METADATA' : 'a hidden folder'} and reads them back in a new session`, async () => {
      assert.equal((await saveSettings(agent, { theme: 'dark', pageSize: '25' })).status, 303);
      const again = await signIn(t.app, user);
      const shown = shownSettings((await again.get('/settings').expect(200)).text);
      assert.equal(shown.theme, 'dark');
      assert.equal(shown.pageSize, '25');
      const hidden = (await folders()).includes(p('Postern Settings'));
      assert.equal(hidden, traits.settingsBackend === 'folder', 'the hidden folder exists only for the folder backend');
      const page = await again.get('/mailbox/INBOX').expect(200);
      assert.doesNotMatch(page.text, /Postern Settings/, 'the hidden folder stays out of the sidebar');
    });
  });
}

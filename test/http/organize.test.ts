// Flags, move, copy, archive, junk and delete through the real routes, against Dovecot.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type supertest from 'supertest';
import type { SandboxInfo } from '../../sandbox/sandbox.ts';
import { plainText } from '../fixtures/messages.ts';
import { buildApp, signIn, tokenOf, type TestApp } from '../helpers/app.ts';
import { newUser, sandbox, type TestUser } from '../helpers/env.ts';
import { appendAll, withImap } from '../helpers/imap.ts';

type Agent = ReturnType<typeof supertest.agent>;

const decode = (s: string) => s.replace(/&#(\d+);/g, (_, n) => String.fromCharCode(Number(n))).replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>');

/** The flash lines the page a redirect leads to shows. */
async function flashAt(agent: Agent, location: string): Promise<string[]> {
  const page = await agent.get(location).expect(200);
  return [...page.text.matchAll(/<p class="flash (info|error)" role="status">([^<]*)<\/p>/g)].map((m) => `${m[1]}: ${decode(m[2]!)}`);
}

describe('organizing messages against Dovecot', () => {
  let info: SandboxInfo;
  let t: TestApp;
  let user: TestUser;
  let agent: Agent;
  let csrf: string;

  const post = (path: string, fields: Record<string, string | string[]>) => agent.post(path).type('form').send({ _csrf: csrf, ...fields });

  /** UID -> flags of a folder, seen from another client. */
  const flagsOf = (mailbox: string) => withImap(info, user, async (c) => {
    const box = await c.mailboxOpen(mailbox, { readOnly: true });
    const out = new Map<number, Set<string>>();
    if (box.exists) for await (const m of c.fetch('1:*', { uid: true, flags: true })) out.set(m.uid, m.flags ?? new Set());
    return out;
  });
  const subjectsIn = (mailbox: string) => withImap(info, user, async (c) => {
    const box = await c.mailboxOpen(mailbox, { readOnly: true });
    const out: string[] = [];
    if (box.exists) for await (const m of c.fetch('1:*', { envelope: true })) out.push(m.envelope?.subject ?? '');
    return out.sort();
  });
  const fill = (mailbox: string, subjects: string[], flags: string[] = []) => appendAll(info, user, mailbox, subjects.map((s) => plainText(s)), flags);
  const strs = (uids: number[]) => uids.map(String);
  /** Appends and then shows the folder, as a user sees mail before acting on it. */
  const arrive = async (mailbox: string, subjects: string[], flags: string[] = []) => {
    const uids = await fill(mailbox, subjects, flags);
    await agent.get(`/mailbox/${encodeURIComponent(mailbox)}`).expect(200);
    return uids;
  };

  before(async () => {
    info = await sandbox();
    t = buildApp(info);
    user = await newUser('org');
    await withImap(info, user, async (c) => {
      for (const name of ['Work', 'Work/Q1 & Q2', 'Ünïcødé Ordner']) await c.mailboxCreate(name);
    });
    agent = await signIn(t.app, user);
    await fill('INBOX', ['seed']);
    csrf = await tokenOf(agent);
  });
  after(() => t.close());

  describe('the bulk route, POST /mailbox/:mailbox/messages', () => {
    it('marks the checked messages read, unread, flagged and unflagged, and says how many', async () => {
      const uids = await fill('INBOX', ['f1', 'f2', 'f3']);
      const steps: [string, string, (f: Set<string>) => boolean][] = [
        ['seen', 'Marked 3 messages as read.', (f) => f.has('\\Seen')],
        ['flag', 'Flagged 3 messages.', (f) => f.has('\\Flagged')],
        ['unseen', 'Marked 3 messages as unread.', (f) => !f.has('\\Seen')],
        ['unflag', 'Removed the flag from 3 messages.', (f) => !f.has('\\Flagged')],
      ];
      for (const [action, said, holds] of steps) {
        const res = await post('/mailbox/INBOX/messages', { uid: strs(uids), action }).expect(303);
        assert.equal(res.headers.location, '/mailbox/INBOX');
        assert.deepEqual(await flashAt(agent, res.headers.location!), [`info: ${said}`]);
        const flags = await flagsOf('INBOX');
        for (const uid of uids) assert.ok(holds(flags.get(uid)!), `${action} on ${uid}`);
      }
    });

    it('moves and copies to a nested folder with "&" and spaces in its name', async () => {
      const uids = await fill('INBOX', ['mv1', 'mv2', 'cp1']);
      let res = await post('/mailbox/INBOX/messages', { uid: strs(uids.slice(0, 2)), action: 'move', to: 'Work/Q1 & Q2' }).expect(303);
      assert.deepEqual(await flashAt(agent, res.headers.location!), ['info: Moved 2 messages to Work/Q1 & Q2.']);
      res = await post('/mailbox/INBOX/messages', { uid: String(uids[2]), action: 'copy', to: 'Work/Q1 & Q2' }).expect(303);
      assert.deepEqual(await flashAt(agent, res.headers.location!), ['info: Copied 1 message to Work/Q1 & Q2.']);
      assert.deepEqual(await subjectsIn('Work/Q1 & Q2'), ['cp1', 'mv1', 'mv2']);
      const inbox = await subjectsIn('INBOX');
      assert.ok(inbox.includes('cp1') && !inbox.includes('mv1'));
    });

    it('moves out of a folder whose name needs modified UTF-7 on the wire', async () => {
      const uids = await fill('Ünïcødé Ordner', ['u1']);
      const res = await post(`/mailbox/${encodeURIComponent('Ünïcødé Ordner')}/messages`, { uid: strs(uids), action: 'move', to: 'Work' }).expect(303);
      assert.equal(res.headers.location, '/mailbox/%C3%9Cn%C3%AFc%C3%B8d%C3%A9%20Ordner');
      assert.deepEqual(await flashAt(agent, res.headers.location!), ['info: Moved 1 message to Work.']);
      assert.deepEqual(await subjectsIn('Work'), ['u1']);
    });

    it('archives to Archive and marks as junk into Junk', async () => {
      const uids = await fill('INBOX', ['ar1', 'jk1']);
      let res = await post('/mailbox/INBOX/messages', { uid: String(uids[0]), action: 'archive' }).expect(303);
      assert.deepEqual(await flashAt(agent, res.headers.location!), ['info: Moved 1 message to Archive.']);
      res = await post('/mailbox/INBOX/messages', { uid: String(uids[1]), action: 'junk' }).expect(303);
      assert.deepEqual(await flashAt(agent, res.headers.location!), ['info: Moved 1 message to Junk.']);
      assert.ok((await subjectsIn('Archive')).includes('ar1'));
      assert.ok((await subjectsIn('Junk')).includes('jk1'));
    });

    it('says so when archiving from the Archive itself', async () => {
      const uids = await fill('Archive', ['already archived']);
      const res = await post('/mailbox/Archive/messages', { uid: strs(uids), action: 'archive' }).expect(303);
      assert.deepEqual(await flashAt(agent, res.headers.location!), ['error: The messages are already in Archive: choose another folder to move them to.']);
    });

    it('deletes into the Trash, and from the Trash only after a confirm page, expunging exactly those messages', async () => {
      const uids = await fill('INBOX', ['del1', 'del2', 'del3']);
      let res = await post('/mailbox/INBOX/messages', { uid: strs(uids), action: 'delete' }).expect(303);
      assert.deepEqual(await flashAt(agent, res.headers.location!), ['info: Moved 3 messages to Trash.']);
      const keep = await fill('Trash', ['kept, marked deleted elsewhere'], ['\\Deleted']);
      const inTrash = [...(await flagsOf('Trash')).keys()].filter((u) => !keep.includes(u));
      assert.equal(inTrash.length, 3);

      const confirm = await post('/mailbox/Trash/messages', { uid: strs(inTrash.slice(0, 2)), action: 'delete' }).expect(200);
      assert.match(confirm.text, /Delete 2 messages from Trash for good\?/);
      assert.match(confirm.text, /<form method="post" action="\/mailbox\/Trash\/messages"/);
      for (const uid of inTrash.slice(0, 2)) assert.match(confirm.text, new RegExp(`name="uid" value="${uid}"`));
      assert.match(confirm.text, /name="action" value="delete"/);
      assert.match(confirm.text, /name="confirm" value="yes"/);
      assert.equal((await flagsOf('Trash')).size, 4, 'nothing removed before the confirm');

      res = await post('/mailbox/Trash/messages', { uid: strs(inTrash.slice(0, 2)), action: 'delete', confirm: 'yes' }).expect(303);
      assert.equal(res.headers.location, '/mailbox/Trash');
      assert.deepEqual(await flashAt(agent, res.headers.location!), ['info: Deleted 2 messages for good.']);
      assert.deepEqual(await subjectsIn('Trash'), ['del3', 'kept, marked deleted elsewhere']);
    });

    it('acts on 300 messages at once, sent as compressed UID sets', async () => {
      await withImap(info, user, (c) => c.mailboxCreate('Bulk'));
      const uids = await fill('Bulk', Array.from({ length: 300 }, (_, i) => `bulk ${String(i).padStart(3, '0')}`));
      let res = await post('/mailbox/Bulk/messages', { uid: strs(uids), action: 'seen' }).expect(303);
      assert.deepEqual(await flashAt(agent, res.headers.location!), ['info: Marked 300 messages as read.']);
      assert.ok([...(await flagsOf('Bulk')).values()].every((f) => f.has('\\Seen')));
      // Every other message, so the set cannot fold into one range.
      const odd = uids.filter((_, i) => i % 2 === 1);
      res = await post('/mailbox/Bulk/messages', { uid: strs(odd), action: 'move', to: 'Work' }).expect(303);
      assert.deepEqual(await flashAt(agent, res.headers.location!), ['info: Moved 150 messages to Work.']);
      assert.equal((await flagsOf('Bulk')).size, 150);
      res = await post('/mailbox/Bulk/messages', { uid: strs(uids), action: 'delete' }).expect(303);
      assert.deepEqual(await flashAt(agent, res.headers.location!), ['info: Moved 150 messages to Trash. 150 others were no longer in this folder.']);
    });

    it('says what to do when nothing is checked or no folder is chosen', async () => {
      let res = await post('/mailbox/INBOX/messages', { action: 'seen' }).expect(303);
      assert.deepEqual(await flashAt(agent, res.headers.location!), ['error: Select at least one message first.']);
      const [uid] = await fill('INBOX', ['no target']);
      res = await post('/mailbox/INBOX/messages', { uid: String(uid), action: 'move', to: '' }).expect(303);
      assert.deepEqual(await flashAt(agent, res.headers.location!), ['error: Choose the folder to move the selected messages to.']);
    });

    it('finds messages delivered after this connection last looked, as a page from another instance may show', async () => {
      await agent.get('/mailbox/INBOX').expect(200);
      const uids = await fill('INBOX', ['late 1', 'late 2']);
      const res = await post('/mailbox/INBOX/messages', { uid: strs(uids), action: 'flag' }).expect(303);
      assert.deepEqual(await flashAt(agent, res.headers.location!), ['info: Flagged 2 messages.']);
    });

    it('says when none of the checked messages are there any more', async () => {
      const res = await post('/mailbox/INBOX/messages', { uid: ['999990', '999991'], action: 'flag' }).expect(303);
      assert.match((await flashAt(agent, res.headers.location!))[0]!, /^error: None of the selected messages are in this folder any more/);
    });

    const bad: [string, Record<string, string | string[]>, number, RegExp][] = [
      ['a UID that is not a number', { uid: 'abc', action: 'seen' }, 400, /not a positive whole number/],
      ['UID zero', { uid: '0', action: 'seen' }, 400, /out of range/],
      ['a UID beyond 32 bits', { uid: '4294967296', action: 'seen' }, 400, /out of range/],
      ['an unknown action', { uid: '1', action: 'burn' }, 400, /Choose what to do/],
      ['a target folder that does not exist', { uid: '1', action: 'move', to: 'Nowhere' }, 404, /no folder named &#34;Nowhere&#34;/],
      ['a target with a line break', { uid: '1', action: 'move', to: 'A\r\nB' }, 400, /control characters/],
      ['more than 4000 UIDs', { uid: Array.from({ length: 4001 }, (_, i) => String(i + 1)), action: 'seen' }, 400, /at most 4000/],
    ];
    for (const [name, fields, status, message] of bad) {
      it(`answers ${name} with ${status} and says what was wrong`, async () => {
        const res = await post('/mailbox/INBOX/messages', fields).expect(status);
        assert.match(res.text, message);
      });
    }

    it('refuses a POST without the CSRF token', async () => {
      await agent.post('/mailbox/INBOX/messages').type('form').send({ uid: '1', action: 'seen' }).expect(403);
    });
  });

  describe('the message page and its single-message routes', () => {
    it('shows the flag, move, archive, junk and delete controls on the message page', async () => {
      const [uid] = await arrive('INBOX', ['controls']);
      const page = await agent.get(`/message/INBOX/${uid}`).expect(200);
      assert.match(page.text, new RegExp(`action="/message/INBOX/${uid}/flags"[\\s\\S]*name="seen" value="0">Mark unread`));
      assert.match(page.text, /name="flagged" value="1"[^>]*>Flag</);
      assert.match(page.text, new RegExp(`action="/message/INBOX/${uid}/move"`));
      assert.match(page.text, /<option value="Work\/Q1 &amp; Q2">/);
      assert.match(page.text, /name="action" value="archive"[^>]*>Archive/);
      assert.match(page.text, new RegExp(`action="/message/INBOX/${uid}/delete"`));
    });

    it('shows the action bar on the mailbox page, with folders to move to', async () => {
      const page = await agent.get('/mailbox/INBOX').expect(200);
      assert.match(page.text, /<div class="bulk-actions"/);
      for (const action of ['seen', 'unseen', 'flag', 'unflag', 'archive', 'junk', 'delete', 'move', 'copy']) {
        assert.match(page.text, new RegExp(`name="action" value="${action}"`));
      }
      assert.match(page.text, /<option value="Ünïcødé Ordner">/);
      assert.doesNotMatch(page.text, /<option value="INBOX">/, 'not the folder it is in');
    });

    it('marks a message unread and returns to the folder, flags it and returns to the message', async () => {
      const [uid] = await arrive('INBOX', ['single flags'], ['\\Seen']);
      let res = await post(`/message/INBOX/${uid}/flags`, { seen: '0' }).expect(303);
      // The list, with the message's row named so the browser shows it (and public/keys.js focuses it).
      assert.equal(res.headers.location, `/mailbox/INBOX#m-${uid}`);
      assert.deepEqual(await flashAt(agent, '/mailbox/INBOX'), ['info: Message marked as unread.']);
      assert.ok(!(await flagsOf('INBOX')).get(uid!)!.has('\\Seen'));
      res = await post(`/message/INBOX/${uid}/flags`, { flagged: '1' }).expect(303);
      assert.equal(res.headers.location, `/message/INBOX/${uid}`);
      assert.ok((await flagsOf('INBOX')).get(uid!)!.has('\\Flagged'));
      res = await post(`/message/INBOX/${uid}/flags`, { flagged: '0', return: '//evil.example/' }).expect(303);
      assert.equal(res.headers.location, `/message/INBOX/${uid}`, 'an off-site return path is ignored');
      res = await post(`/message/INBOX/${uid}/flags`, { seen: '1', return: '/mailbox/Work' }).expect(303);
      assert.equal(res.headers.location, '/mailbox/Work');
    });

    it('moves one message and returns to the folder it was in', async () => {
      const [uid] = await arrive('INBOX', ['single move']);
      const res = await post(`/message/INBOX/${uid}/move`, { to: 'Work' }).expect(303);
      assert.equal(res.headers.location, '/mailbox/INBOX');
      assert.deepEqual(await flashAt(agent, res.headers.location!), ['info: Moved 1 message to Work.']);
      assert.ok((await subjectsIn('Work')).includes('single move'));
      const again = await post(`/message/INBOX/${uid}/move`, { to: 'Work' }).expect(404);
      assert.match(again.text, /There is no message \d+ in this folder/);
    });

    it('asks for a folder when none is chosen, back on the message page', async () => {
      const [uid] = await arrive('INBOX', ['single no target']);
      const res = await post(`/message/INBOX/${uid}/move`, { to: '' }).expect(303);
      assert.equal(res.headers.location, `/message/INBOX/${uid}`);
      assert.deepEqual(await flashAt(agent, res.headers.location!), ['error: Choose the folder to move the message to.']);
    });

    it('deletes one message to the Trash, then for good from the Trash after confirming', async () => {
      const [uid] = await arrive('INBOX', ['single delete']);
      let res = await post(`/message/INBOX/${uid}/delete`, {}).expect(303);
      assert.equal(res.headers.location, '/mailbox/INBOX');
      const trashUid = await withImap(info, user, async (c) => {
        await c.mailboxOpen('Trash');
        return ((await c.search({ subject: 'single delete' }, { uid: true })) || [])[0]!;
      });
      const confirm = await post(`/message/Trash/${trashUid}/delete`, {}).expect(200);
      assert.match(confirm.text, /Delete 1 message from Trash for good\?/);
      assert.match(confirm.text, new RegExp(`action="/message/Trash/${trashUid}/delete"`));
      assert.doesNotMatch(confirm.text, /name="action"/);
      assert.match(confirm.text, new RegExp(`href="/message/Trash/${trashUid}">Cancel`));
      res = await post(`/message/Trash/${trashUid}/delete`, { confirm: 'yes' }).expect(303);
      assert.equal(res.headers.location, '/mailbox/Trash');
      assert.ok(!(await subjectsIn('Trash')).includes('single delete'));
    });

    const bad: [string, string, Record<string, string>, number][] = [
      ['flags without a flag', '/message/INBOX/1/flags', {}, 400],
      ['flags with a value other than 0 or 1', '/message/INBOX/1/flags', { seen: 'yes' }, 400],
      ['flags on a missing message', '/message/INBOX/999999/flags', { seen: '1' }, 404],
      ['a move of a non-numeric UID', '/message/INBOX/x/move', { to: 'Work' }, 400],
      ['a delete in a folder that does not exist', '/message/Nope/1/delete', {}, 404],
    ];
    for (const [name, path, fields, status] of bad) {
      it(`answers ${name} with ${status}`, async () => {
        await post(path, fields).expect(status);
      });
    }
  });
});

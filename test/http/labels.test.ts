// Labels as IMAP keywords and the junk marks, against Dovecot (PERMANENTFLAGS \*): set and removed in bulk from
// Postern and seen by a second IMAP client, the label filter, colours and names from the settings, "Not junk".
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type supertest from 'supertest';
import type { SandboxInfo } from '../../sandbox/sandbox.ts';
import { plainText } from '../fixtures/messages.ts';
import { buildApp, signIn, tokenOf, type TestApp } from '../helpers/app.ts';
import { newUser, sandbox, type TestUser } from '../helpers/env.ts';
import { appendAll, withImap } from '../helpers/imap.ts';
import { saveSettings } from './settings-helpers.ts';

type Agent = ReturnType<typeof supertest.agent>;

const decode = (s: string) => s.replace(/&#(\d+);/g, (_, n) => String.fromCharCode(Number(n))).replace(/&amp;/g, '&');

describe('labels and junk marks against Dovecot', () => {
  let info: SandboxInfo;
  let t: TestApp;
  let user: TestUser;
  let agent: Agent;
  let token: string;

  /** keyword flags per UID, from a second IMAP client (imapflow straight to Dovecot, not through Postern) */
  const keywordsIn = (mailbox: string) => withImap(info, user, async (c) => {
    const box = await c.mailboxOpen(mailbox, { readOnly: true });
    const out = new Map<number, string[]>();
    if (box.exists) for await (const m of c.fetch('1:*', { uid: true, flags: true })) out.set(m.uid, [...(m.flags ?? [])].filter((f) => !f.startsWith('\\')).sort());
    return out;
  });
  const bulk = (mailbox: string, fields: Record<string, string | string[]>) =>
    agent.post(`/mailbox/${encodeURIComponent(mailbox)}/messages`).type('form').send({ _csrf: token, ...fields }).expect(303);

  before(async () => {
    info = await sandbox();
    t = buildApp(info);
    user = await newUser('lab');
    agent = await signIn(t.app, user);
    token = await tokenOf(agent);
  });
  after(() => t.close());

  it('sets and removes a label on many messages, and another IMAP client sees the keyword', async () => {
    const uids = await appendAll(info, user, 'INBOX', ['L1', 'L2', 'L3'].map((s) => plainText(s)));
    const res = await bulk('INBOX', { uid: uids.slice(0, 2).map(String), action: 'label', label: '$label2' });
    const page = decode((await agent.get(res.headers.location!).expect(200)).text);
    assert.match(page, /Added the label “Work” to 2 messages\./);
    let seen = await keywordsIn('INBOX');
    assert.deepEqual(seen.get(uids[0]!), ['$label2']);
    assert.deepEqual(seen.get(uids[1]!), ['$label2']);
    assert.deepEqual(seen.get(uids[2]!), []);
    // The list shows the chip in the label's colour, and the filter finds exactly those.
    assert.match(page, /<span class="chip label-orange">Work<\/span>/);
    const filtered = decode((await agent.get('/mailbox/INBOX?label=%24label2').expect(200)).text);
    assert.deepEqual([...filtered.matchAll(/data-uid="(\d+)"/g)].map((m) => Number(m[1])).sort(), uids.slice(0, 2));
    assert.match(filtered, /labelled “Work”/);

    await bulk('INBOX', { uid: String(uids[0]), action: 'unlabel', label: '$label2' });
    seen = await keywordsIn('INBOX');
    assert.deepEqual(seen.get(uids[0]!), []);
    assert.deepEqual(seen.get(uids[1]!), ['$label2']);
    // The filtered list follows at once: a label change is a flag change to the session's cache.
    const after = decode((await agent.get('/mailbox/INBOX?label=%24label2').expect(200)).text);
    assert.deepEqual([...after.matchAll(/data-uid="(\d+)"/g)].map((m) => Number(m[1])), [uids[1]]);
  });

  it('takes label names and colours from the settings, and a new label gets a keyword of its name', async () => {
    const form = decode((await agent.get('/settings').expect(200)).text);
    assert.match(form, /name="labelName" value="Important"/);
    // Rename $label1, recolour it, remove $label5, add "Reisen & Urlaub".
    const rows = [['$label1', 'Urgent', 'pink'], ['$label2', 'Work', 'orange'], ['$label3', 'Personal', 'green'], ['$label4', 'To do', 'blue'], ['$label5', 'Later', 'purple'], ['', 'Reisen & Urlaub', 'teal']];
    const saved = await saveSettings(agent, {
      labelsShown: '1', labelKeyword: rows.map((r) => r[0]!), labelName: rows.map((r) => r[1]!), labelColour: rows.map((r) => r[2]!), labelRemove: '$label5',
    } as unknown as Record<string, string>);
    assert.equal(saved.status, 303);
    const list = decode((await agent.get('/mailbox/INBOX').expect(200)).text);
    const choice = /<select id="bulk-label" name="label">([\s\S]*?)<\/select>/.exec(list)?.[1] ?? '';
    assert.deepEqual([...choice.matchAll(/<option value="([^"]+)">([^<]+)</g)].map((m) => `${m[1]}=${m[2]}`),
      ['$label1=Urgent', '$label2=Work', '$label3=Personal', '$label4=To do', 'reisen_urlaub=Reisen & Urlaub']);
    const [uid] = await appendAll(info, user, 'INBOX', [plainText('Trip')]);
    await bulk('INBOX', { uid: String(uid), action: 'label', label: 'reisen_urlaub' });
    assert.deepEqual((await keywordsIn('INBOX')).get(uid!), ['reisen_urlaub']);
    assert.match(decode((await agent.get('/mailbox/INBOX').expect(200)).text), /<span class="chip label-teal">Reisen &#38; Urlaub<\/span>|<span class="chip label-teal">Reisen & Urlaub<\/span>/);
  });

  it('refuses a label keyword that is not an IMAP atom with a 400', async () => {
    const [uid] = await appendAll(info, user, 'INBOX', [plainText('Odd')]);
    const res = await agent.post('/mailbox/INBOX/messages').type('form').send({ _csrf: token, uid: String(uid), action: 'label', label: 'a b(c' });
    assert.equal(res.status, 400);
    assert.deepEqual((await keywordsIn('INBOX')).get(uid!), []);
  });

  it('marks junk with $Junk, and "Not junk" in Junk moves the mail to INBOX with $NotJunk', async () => {
    const uids = await appendAll(info, user, 'INBOX', ['Spam 1', 'Spam 2'].map((s) => plainText(s)));
    await bulk('INBOX', { uid: uids.map(String), action: 'junk' });
    const junk = await keywordsIn('Junk');
    assert.equal(junk.size, 2);
    for (const flags of junk.values()) assert.deepEqual(flags, ['$Junk']);
    // The Junk folder offers "Not junk" where other folders offer "Junk".
    const page = decode((await agent.get('/mailbox/Junk').expect(200)).text);
    assert.match(page, /<button type="submit" name="action" value="notjunk">Not junk<\/button>/);
    assert.doesNotMatch(page, /value="junk"/);
    await bulk('Junk', { uid: [...junk.keys()].map(String), action: 'notjunk' });
    assert.equal((await keywordsIn('Junk')).size, 0);
    const back = [...(await keywordsIn('INBOX')).values()].filter((f) => f.includes('$NotJunk'));
    assert.equal(back.length, 2);
    for (const flags of back) assert.ok(!flags.includes('$Junk'));
  });
});

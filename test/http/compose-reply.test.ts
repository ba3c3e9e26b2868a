// Replies and forwards against Dovecot + Postfix: the prefilled form, the threading headers that arrive, the
// attachments a forward carries over from IMAP, and the \Answered / $Forwarded flags on the original.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildApp, signIn, type TestApp } from '../helpers/app.ts';
import { newUser, sandbox, type TestUser } from '../helpers/env.ts';
import { appendAll, crlf } from '../helpers/imap.ts';
import type { SandboxInfo } from '../../sandbox/sandbox.ts';
import { PDF, b64 } from '../fixtures/messages.ts';
import { asAddressLogin, formFields, header, messagesIn, partBytes, postCompose, waitForMessage, type Agent } from '../compose/compose-helpers.ts';


function original(o: { from: TestUser; to: TestUser[]; cc: TestUser[]; replyTo?: string }): string {
  return crlf(`From: Carol Original <${o.from.address}>
To: ${o.to.map((u) => u.address).join(', ')}
Cc: ${o.cc.map((u) => u.address).join(', ')}
${o.replyTo ? `Reply-To: ${o.replyTo}\n` : ''}Subject: Re: Budget 2027
Date: Tue, 03 Nov 2026 10:15:00 +0000
Message-ID: <budget-3@postern.test>
In-Reply-To: <budget-2@postern.test>
References: <budget-1@postern.test> <budget-2@postern.test>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="b"

--b
Content-Type: multipart/alternative; boundary="alt"

--alt
Content-Type: text/plain; charset=utf-8

The numbers are in the PDF.
> Can you send them?
--alt
Content-Type: text/html; charset=utf-8

<p>The numbers are in the <b>PDF</b>.</p>
--alt--
--b
Content-Type: application/pdf; name="budget.pdf"
Content-Transfer-Encoding: base64
Content-Disposition: attachment; filename="budget.pdf"

${b64(PDF)}
--b--
`);
}

const flagsOf = async (info: SandboxInfo, user: TestUser, uid: number) =>
  (await messagesIn(info, user, 'INBOX')).find((m) => m.uid === uid)!.flags;

describe('replying and forwarding', () => {
  let info: SandboxInfo;
  let t: TestApp;
  let me: TestUser;
  let carol: TestUser;
  let dave: TestUser;
  let erin: TestUser;
  let agent: Agent;
  let uid: number;

  before(async () => {
    info = await sandbox();
    t = buildApp(info);
    [me, carol, dave, erin] = await Promise.all([newUser('me'), newUser('carol'), newUser('dave'), newUser('erin')]);
    [uid] = await appendAll(info, me, 'INBOX', [original({ from: carol, to: [me, dave], cc: [erin] })]) as [number];
    agent = await signIn(t.app, asAddressLogin(me));
  });
  after(() => t.close());

  it('prefills a reply: the sender, "Re:" once, the quoted text part under an attribution line', async () => {
    const page = await agent.get(`/message/INBOX/${uid}/reply`).expect(200);
    const f = formFields(page.text);
    assert.equal(f.to, `Carol Original <${carol.address}>`);
    assert.equal(f.cc, '');
    assert.equal(f.subject, 'Re: Budget 2027');
    assert.match(String(f.body), new RegExp(`^\\n\\nOn .*2026.*, Carol Original <${carol.address}> wrote:\\n> The numbers are in the PDF\\.\\n> > Can you send them\\?`));
    assert.deepEqual([f.origMailbox, f.origUid, f.mode], ['INBOX', String(uid), 'reply']);
    assert.doesNotMatch(page.text, /budget\.pdf/, 'a reply carries no attachments');
    assert.equal((await flagsOf(info, me, uid)).has('\\Seen'), false, 'preparing a reply does not mark the original read');
  });

  it('prefills reply-all with To and Cc, without the user\'s own address', async () => {
    const f = formFields((await agent.get(`/message/INBOX/${uid}/reply-all`).expect(200)).text);
    assert.equal(f.to, `Carol Original <${carol.address}>`);
    assert.equal(f.cc, `${dave.address}, ${erin.address}`);
  });

  it('answers Reply-To instead of From when the message has one', async () => {
    const [listUid] = await appendAll(info, me, 'INBOX', [original({ from: carol, to: [me], cc: [], replyTo: `List <${dave.address}>` })]);
    const f = formFields((await agent.get(`/message/INBOX/${listUid}/reply`).expect(200)).text);
    assert.equal(f.to, `List <${dave.address}>`);
  });

  it('sends the reply with In-Reply-To and References, and marks the original \\Answered', async () => {
    const f = formFields((await agent.get(`/message/INBOX/${uid}/reply`).expect(200)).text);
    const res = await postCompose(agent, { ...f, body: `Thanks!${f.body}`, action: 'send' }).expect(303);
    assert.equal(res.headers.location, `/message/INBOX/${uid}`);
    const got = await waitForMessage(info, carol, /^Re: Budget 2027$/);
    assert.equal(header(got.source, 'In-Reply-To'), '<budget-3@postern.test>');
    assert.equal(header(got.source, 'References'), '<budget-1@postern.test> <budget-2@postern.test> <budget-3@postern.test>');
    assert.match((await partBytes(info, carol, 'INBOX', got.uid, '1')).toString(), /Thanks!/);
    assert.ok((await flagsOf(info, me, uid)).has('\\Answered'));
  });

  it('forwards with the header block and the original attachment, byte for byte, and sets $Forwarded', async () => {
    const page = await agent.get(`/message/INBOX/${uid}/forward`).expect(200);
    const f = formFields(page.text);
    assert.equal(f.subject, 'Fwd: Re: Budget 2027');
    assert.match(String(f.body), /---------- Forwarded message ----------\nFrom: Carol Original <[^>]+>\nDate: .*\nSubject: Re: Budget 2027\nTo: .*\nCc: .*\n\nThe numbers are in the PDF\./);
    assert.deepEqual(f.keep, ['2']);
    assert.match(page.text, /budget\.pdf/);
    await postCompose(agent, { ...f, to: erin.address, action: 'send' }).expect(303);
    const got = await waitForMessage(info, erin, /^Fwd: Re: Budget 2027$/);
    assert.equal(header(got.source, 'In-Reply-To'), undefined, 'a forward starts a new thread');
    assert.equal(got.msg.bodyStructure?.childNodes?.[1]?.dispositionParameters?.filename, 'budget.pdf');
    assert.ok((await partBytes(info, erin, 'INBOX', got.uid, '2')).equals(PDF));
    assert.ok((await flagsOf(info, me, uid)).has('$Forwarded'));
  });

  it('refuses tampered hidden fields with a 400 page', async () => {
    const f = formFields((await agent.get(`/message/INBOX/${uid}/reply`).expect(200)).text);
    const bad = await postCompose(agent, { ...f, origUid: 'abc', action: 'send' });
    assert.equal(bad.status, 400);
    const mode = await postCompose(agent, { ...f, mode: 'bounce', action: 'send' });
    assert.equal(mode.status, 400);
    const part = await postCompose(agent, { ...f, keep: ['1; DROP'], action: 'send' });
    assert.equal(part.status, 400);
    await agent.get(`/message/INBOX/999999/reply`).expect(404);
  });

  it('marks the original \\Answered when a reply saved as a draft is opened again in a new session and sent', async () => {
    const [laterUid] = await appendAll(info, me, 'INBOX', [original({ from: carol, to: [me], cc: [] }).replace('<budget-3@postern.test>', '<budget-later@postern.test>')]) as [number];
    const f = formFields((await agent.get(`/message/INBOX/${laterUid}/reply`).expect(200)).text);
    const saved = await postCompose(agent, { ...f, body: `Later.${f.body}`, action: 'save' }).expect(303);
    const draftUid = Number(/draft=(\d+)/.exec(saved.headers.location!)?.[1]);
    const stored = (await messagesIn(info, me, 'Drafts')).find((m) => m.uid === draftUid)!;
    assert.match(header(stored.source, 'X-Postern-Original') ?? '', new RegExp(`^mode=reply; mailbox=INBOX; uidvalidity=\\d+; uid=${laterUid}$`));

    // Another day: a new sign-in opens the draft from Drafts ("Edit draft"), which carries no hidden fields.
    const fresh = await signIn(t.app, asAddressLogin(me));
    const page = formFields((await fresh.get(`/compose?draft=${draftUid}`).expect(200)).text);
    assert.deepEqual([page.origMailbox, page.origUid, page.mode], ['INBOX', String(laterUid), 'reply']);
    await postCompose(fresh, { ...page, action: 'send' }).expect(303);
    const got = await waitForMessage(info, carol, /^Re: Budget 2027$/, 15_000, (m) => header(m.source, 'In-Reply-To') === '<budget-later@postern.test>');
    assert.equal(header(got.source, 'X-Postern-Original'), undefined, 'the note stays in the draft');
    assert.ok((await flagsOf(info, me, laterUid)).has('\\Answered'));
    assert.equal((await messagesIn(info, me, 'Drafts')).length, 0);
  });
});

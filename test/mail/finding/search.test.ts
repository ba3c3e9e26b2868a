// Searching against Dovecot: every search field, the one box, non-ASCII text in headers and in bodies of every
// charset the demo mail arrives in, and user text that looks like IMAP syntax; checked against what was seeded.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { pino } from 'pino';
import { DEMO } from '../../../sandbox/demo-mail.ts';
import { MailSession, type ImapClient } from '../../../src/mail/connection/mail-session.ts';
import { compileQuery, expandSet, isEmptyQuery, searchGroups, searchUids, type MessageQuery } from '../../../src/mail/finding/search.ts';
import { demoUser } from '../../helpers/demo.ts';
import { newUser, sandbox, type TestUser } from '../../helpers/env.ts';
import { crlf, withImap } from '../../helpers/imap.ts';

async function sessionOf(user: TestUser): Promise<MailSession> {
  const info = await sandbox();
  const settings = { host: '127.0.0.1', port: info.imapPort, secure: false, startTls: true, tlsCa: readFileSync(info.caFile), socketTimeoutMs: 60_000 };
  return new MailSession(settings, user.name, user.password, pino({ level: 'silent' }));
}

const b64word = (s: string) => `=?UTF-8?B?${Buffer.from(s).toString('base64')}?=`;

function message(o: { from: string; to?: string; subject: string; date: string; body: string; type?: string }): string {
  const type = o.type ?? 'text/plain; charset=utf-8';
  const body = type.startsWith('multipart/mixed')
    ? `--b\nContent-Type: text/plain; charset=utf-8\n\n${o.body}\n--b\nContent-Type: application/pdf; name=invoice.pdf\nContent-Disposition: attachment; filename=invoice.pdf\nContent-Transfer-Encoding: base64\n\nJVBERi0xLjQK\n--b--\n`
    : `${Buffer.from(o.body).toString('base64')}\n`;
  const encoding = type.startsWith('multipart/') ? '' : 'Content-Transfer-Encoding: base64\n';
  return crlf(`From: ${o.from}\nTo: ${o.to ?? 'Reader <reader@postern.test>'}\nSubject: ${o.subject}\nDate: ${o.date}\nMessage-ID: <${Math.random().toString(36).slice(2)}@search.test>\nMIME-Version: 1.0\nContent-Type: ${type}\n${encoding}\n${body}`);
}

// Seeded in this order, so message n has the n-th UID of a fresh INBOX.
const SEEDED: { flags: string[]; raw: string }[] = [
  { flags: ['\\Seen'], raw: message({ from: 'Alice Martin <alice@example.org>', subject: 'Lunch on Thursday?', date: 'Mon, 05 Jan 2026 09:00:00 +0000', body: 'Shall we try the ramen place?' }) },
  { flags: ['\\Seen', '\\Flagged'], raw: message({ from: 'Bob <bob@example.net>', subject: 'Re: Lunch on Thursday?', date: 'Tue, 06 Jan 2026 09:00:00 +0000', body: 'Yes, ramen at noon.' }) },
  { flags: [], raw: message({ from: `${b64word('Jürgen Müller')} <juergen@example.de>`, subject: b64word('Grüße aus München'), date: 'Tue, 10 Feb 2026 09:00:00 +0100', body: 'Viele Grüße aus 東京 und Москва.' }) },
  { flags: ['\\Seen'], raw: message({ from: 'Carol <carol@example.com>', subject: 'Invoice 42', date: 'Sun, 15 Feb 2026 12:00:00 +0000', body: 'The invoice is attached.', type: 'multipart/mixed; boundary="b"' }) },
  { flags: [], raw: message({ from: 'Dave <dave@example.com>', to: 'Team <team@example.com>', subject: 'Quarterly numbers', date: 'Sun, 01 Mar 2026 08:00:00 +0000', body: 'He said "hi" (twice) and left C:\\temp\\q1.xls behind. Search: OR ALL' }) },
  { flags: ['\\Seen'], raw: message({ from: 'News <news@example.com>', subject: 'Newsletter as PDF', date: 'Mon, 02 Mar 2026 08:00:00 +0000', body: '%PDF-1.4', type: 'application/pdf' }) },
];

describe('searching seeded mail against Dovecot', () => {
  let session: MailSession;
  let uids: number[] = [];
  const find = (q: MessageQuery) => session.withMailbox('INBOX', (client) => searchUids(client, q));
  const numbered = (...n: number[]) => n.map((i) => uids[i - 1]);
  const day = (s: string) => new Date(`${s}T00:00:00Z`);

  before(async () => {
    const info = await sandbox();
    const user = await newUser('find');
    uids = await withImap(info, user, async (client) => {
      const out: number[] = [];
      for (const m of SEEDED) {
        const res = await client.append('INBOX', m.raw, m.flags);
        out.push(res && res.uid ? res.uid : 0);
      }
      return out;
    });
    session = await sessionOf(user);
  });
  after(() => session.close());

  it('finds the one-box text in From, To, Subject or the body', async () => {
    assert.deepEqual(await find({ text: 'ramen' }), numbered(1, 2), 'body');
    assert.deepEqual(await find({ text: 'alice' }), numbered(1), 'From');
    assert.deepEqual(await find({ text: 'team@example' }), numbered(5), 'To');
    assert.deepEqual(await find({ text: 'invoice' }), numbered(4), 'Subject and body of one message');
    assert.deepEqual(await find({ text: 'search.test' }), [], 'not Message-ID or other headers');
  });

  it('matches non-ASCII text in encoded headers and bodies, in any case', async () => {
    assert.deepEqual(await find({ text: 'Grüße' }), numbered(3));
    assert.deepEqual(await find({ text: 'MÜNCHEN' }), numbered(3));
    assert.deepEqual(await find({ text: '東京' }), numbered(3));
    assert.deepEqual(await find({ from: 'Müller', text: 'москва' }), numbered(3), 'two UTF-8 groups under one CHARSET');
  });

  it('sends quotes, parentheses, backslashes and IMAP words as text, never as syntax', async () => {
    assert.deepEqual(await find({ text: '"hi" (twice)' }), numbered(5));
    assert.deepEqual(await find({ text: 'C:\\temp\\q1' }), numbered(5));
    assert.deepEqual(await find({ text: '\\temp' }), numbered(5));
    assert.deepEqual(await find({ text: 'OR ALL' }), numbered(5));
    assert.deepEqual(await find({ subject: ')' }), []);
  });

  it('narrows by From, To, Subject, flags and the days of the Date header', async () => {
    assert.deepEqual(await find({ from: 'bob', flagged: true }), numbered(2));
    assert.deepEqual(await find({ from: 'bob', unseen: true }), []);
    assert.deepEqual(await find({ unseen: true }), numbered(3, 5));
    assert.deepEqual(await find({ to: 'team' }), numbered(5));
    assert.deepEqual(await find({ subject: 'lunch' }), numbered(1, 2));
    assert.deepEqual(await find({ since: day('2026-02-01') }), numbered(3, 4, 5, 6));
    assert.deepEqual(await find({ before: day('2026-02-01') }), numbered(1, 2));
    assert.deepEqual(await find({ since: day('2026-02-10'), before: day('2026-02-15') }), numbered(3), 'before is exclusive');
    assert.deepEqual(await find({ since: day('2026-02-10'), before: day('2026-02-16') }), numbered(3, 4));
  });

  it('finds messages with attachments by their top-level Content-Type, also together with the search box', async () => {
    assert.deepEqual(await find({ attachment: true }), numbered(4, 6));
    assert.deepEqual(await find({ attachment: true, text: 'invoice' }), numbered(4));
    assert.deepEqual(await find({ attachment: true, text: 'ramen' }), []);
  });

  it('matches everything for an empty query', async () => {
    assert.deepEqual(await find({}), uids);
  });

  it('gives the same answer without ESEARCH (Courier)', async () => {
    await session.withMailbox('INBOX', async (client: ImapClient) => {
      const esearch = client.capabilities.get('ESEARCH');
      client.capabilities.delete('ESEARCH');
      try {
        assert.deepEqual(await searchUids(client, { text: 'ramen' }), numbered(1, 2));
        assert.deepEqual(await searchUids(client, { text: 'Grüße', unseen: true }), numbered(3));
        assert.deepEqual(await searchUids(client, {}), uids);
      } finally {
        if (esearch !== undefined) client.capabilities.set('ESEARCH', esearch);
      }
    });
  });
});

describe('searching the demo mailbox', () => {
  let session: MailSession;
  const subjectsFor = (q: MessageQuery) => session.withMailbox('INBOX', async (client) => {
    const subjects: string[] = [];
    for (const uid of await searchUids(client, q)) {
      subjects.push((await client.fetchOne(String(uid), { envelope: true }, { uid: true }) || undefined)?.envelope?.subject ?? '');
    }
    return subjects;
  });

  before(async () => {
    session = await sessionOf(await demoUser());
  });
  after(() => session.close());

  for (const sample of DEMO.charsets) {
    it(`finds the ${sample.charset} ${sample.transferEncoding} message by a phrase of its body`, async () => {
      assert.deepEqual(await subjectsFor({ text: sample.phrase }), [sample.subject]);
    });
  }

  it('finds the message with attachments by a phrase of its body and by its subject', async () => {
    assert.deepEqual(await subjectsFor({ text: DEMO.phrases.attachments, attachment: true }), [DEMO.subjects.attachments]);
    assert.deepEqual(await subjectsFor({ subject: DEMO.subjects.attachments }), [DEMO.subjects.attachments]);
  });
});

describe('search queries as IMAP keys', () => {
  // searchCompiler reads only the capabilities and what was ENABLEd.
  const client = { capabilities: new Map(), enabled: new Set() } as unknown as ImapClient;

  it('knows an empty query', () => {
    assert.equal(isEmptyQuery({}), true);
    assert.equal(isEmptyQuery({ text: '', unseen: false }), true);
    assert.equal(isEmptyQuery({ attachment: true }), false);
  });

  it('ANDs the search box, the fields and "has attachment" as separate groups', () => {
    assert.deepEqual(searchGroups({ text: 'x', from: 'a', unseen: true, attachment: true }), [
      { seen: false, from: 'a' },
      { or: [{ header: { 'content-type': 'multipart/mixed' } }, { header: { 'content-type': 'multipart/report' } }, { header: { 'content-type': 'application/' } }] },
      { or: [{ from: 'x' }, { to: 'x' }, { subject: 'x' }, { body: 'x' }] },
    ]);
  });

  it('names CHARSET UTF-8 once, sends non-ASCII as literals and ALL for nothing', () => {
    const compiled = compileQuery(client, { text: 'Grüße', from: 'Jürgen' });
    assert.equal(compiled.utf8, true);
    const flat = JSON.stringify(compiled.keys);
    assert.doesNotMatch(flat, /CHARSET/);
    assert.equal((flat.match(/"LITERAL"/g) ?? []).length, 5);
    assert.deepEqual(compileQuery(client, {}), { keys: [{ type: 'ATOM', value: 'ALL' }], utf8: false });
    assert.equal(compileQuery(client, { text: 'plain' }).utf8, false);
  });

  it('reads sequence sets in the order they are written, up to a limit', () => {
    assert.deepEqual(expandSet('1:3,7', 100), [1, 2, 3, 7]);
    assert.deepEqual(expandSet('9,5:3,1', 100), [9, 5, 4, 3, 1]);
    assert.deepEqual(expandSet('1:4294967295', 5), [1, 2, 3, 4, 5]);
    assert.deepEqual(expandSet('0,x,2:*,3', 100), [3]);
    assert.deepEqual(expandSet('', 100), []);
  });
});

// Sorting against Dovecot: its UID SORT and Postern's own fallback must give the order worked out by hand from
// the seeded mail, and the same order as each other on the realistic demo mailbox.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { pino } from 'pino';
import { MailSession, type ImapClient } from '../../../src/mail/connection/mail-session.ts';
import { listMessages } from '../../../src/mail/reading/messages.ts';
import type { MessageQuery } from '../../../src/mail/finding/search.ts';
import { baseSubject, casemap, sortInPostern, sortOnServer, sortOrder, sortedUids, type SortKey, type SortOrder } from '../../../src/mail/finding/sort.ts';
import { demoUser } from '../../helpers/demo.ts';
import { newUser, sandbox, type TestUser } from '../../helpers/env.ts';
import { crlf, withImap } from '../../helpers/imap.ts';

async function sessionOf(user: TestUser): Promise<MailSession> {
  const info = await sandbox();
  const settings = { host: '127.0.0.1', port: info.imapPort, secure: false, startTls: true, tlsCa: readFileSync(info.caFile), socketTimeoutMs: 60_000 };
  return new MailSession(settings, user.name, user.password, pino({ level: 'silent' }));
}

/** Runs fn as if the server had not advertised `caps` (Gmail has no SORT; Courier no ESEARCH or ESORT). */
async function without<T>(client: ImapClient, caps: string[], fn: () => Promise<T>): Promise<T> {
  const saved = caps.flatMap((c) => (client.capabilities.has(c) ? [[c, client.capabilities.get(c)!] as const] : []));
  for (const c of caps) client.capabilities.delete(c);
  try {
    return await fn();
  } finally {
    for (const [c, v] of saved) client.capabilities.set(c, v);
  }
}

const b64 = (s: string) => `=?UTF-8?B?${Buffer.from(s).toString('base64')}?=`;

// Each message: its headers, the internal date APPEND gives it, and the exact size it is padded to. Internal
// dates run against the Date headers, so a sort that used them for DATE would come out wrong.
const SEEDED: Record<string, { headers: string[]; internal: string; size: number }> = {
  A: { headers: ['From: Zoe Quinn <zoe@example.com>', 'Subject: Re: Budget 2026', 'Date: Sat, 03 Jan 2026 10:00:00 +0000'], internal: '2026-03-09', size: 600 },
  B: { headers: ['From: Adam Smith <adam@example.com>', 'Subject: [team] Budget 2026 (fwd)', 'Date: Thu, 01 Jan 2026 09:00:00 -0500'], internal: '2026-03-08', size: 500 },
  C: { headers: ['From: adam@example.com', 'Subject: budget 2026'], internal: '2026-01-02', size: 700 },
  D: { headers: [`From: ${b64('Émile Zola')} <emile@example.fr>`, `Subject: ${b64('Écoles')}`, 'Date: not a date at all'], internal: '2026-01-04', size: 500 },
  E: { headers: [`From: ${b64('Иван Петров')} <ivan@example.ru>`, `Subject: ${b64('Отчёт')}`, 'Date: Mon, 05 Jan 2026 08:00:00 +0300'], internal: '2026-03-05', size: 800 },
  F: { headers: ['From: bob@example.net', 'Subject: Fwd: [fwd: Re: Budget 2026]', 'Date: Sat, 03 Jan 2026 11:00:00 +0100'], internal: '2026-03-04', size: 650 },
  G: { headers: ['Date: Fri, 02 Jan 2026 12:00:00 +0000'], internal: '2026-03-03', size: 550 },
  H: { headers: ['From: Carol <CAROL@example.com>', 'Subject: RE: [x] Zebra', 'Date: Tue, 06 Jan 2026 00:00:00 +0000'], internal: '2026-03-02', size: 5000 },
  I: { headers: ['From: carol@example.com', 'Subject: zebra', 'Date: Tue, 06 Jan 2026 00:00:00 +0000'], internal: '2026-03-01', size: 700 },
};

// Worked out by hand from RFC 5256: base subjects "", BUDGET 2026 (A B C F), ÉCOLES, ZEBRA (H I), ОТЧЁТ (Cyrillic
// sorts after Latin); senders by local part; DATE from the header, the internal date for C and D; ties stay in
// mailbox order, under REVERSE too.
const EXPECTED: Record<SortKey, { asc: string; desc: string }> = {
  subject: { asc: 'G A B C F D H I E', desc: 'E H I D A B C F G' },
  from: { asc: 'G B C F H I D E A', desc: 'A E D H I F B C G' },
  date: { asc: 'B C G A F D E H I', desc: 'H I E D A F G C B' },
  size: { asc: 'B D G A F C I E H', desc: 'H E C I F A G B D' },
};

function seededRaw(name: string): string {
  const { headers, size } = SEEDED[name]!;
  const head = crlf(`${headers.join('\n')}\nTo: reader@postern.test\nMessage-ID: <${name}@sort.test>\nMIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n\n`);
  const body = `Message ${name}.\r\n`;
  return head + body.padEnd(size - Buffer.byteLength(head) - 2, '.') + '\r\n';
}

const ORDERS: SortOrder[] = (['date', 'from', 'subject', 'size'] as const).flatMap((key) => [{ key, reverse: false }, { key, reverse: true }]);

describe('sorting seeded mail against Dovecot', () => {
  let session: MailSession;
  const nameOf = new Map<number, string>();
  const names = (uids: number[]) => uids.map((u) => nameOf.get(u) ?? `?${u}`).join(' ');

  before(async () => {
    const info = await sandbox();
    const user = await newUser('sort');
    await withImap(info, user, async (client) => {
      for (const name of Object.keys(SEEDED)) {
        const raw = seededRaw(name);
        assert.equal(Buffer.byteLength(raw), SEEDED[name]!.size);
        const res = await client.append('INBOX', raw, ['\\Seen'], new Date(`${SEEDED[name]!.internal}T00:00:00Z`));
        nameOf.set(res && res.uid ? res.uid : 0, name);
      }
    });
    session = await sessionOf(user);
  });
  after(() => session.close());

  for (const order of ORDERS) {
    const direction = order.reverse ? 'desc' : 'asc';
    it(`sorts by ${order.key} ${direction} on the server and in Postern in the order worked out by hand`, async () => {
      await session.withMailbox('INBOX', async (client) => {
        assert.equal(names(await sortOnServer(client, {}, order)), EXPECTED[order.key][direction], 'UID SORT');
        assert.equal(names(await sortInPostern(client, {}, order)), EXPECTED[order.key][direction], 'fallback');
      });
    });
  }

  it('falls back to sorting in Postern when the server has no SORT, and reads plain SORT and SEARCH answers', async () => {
    await session.withMailbox('INBOX', async (client) => {
      for (const order of ORDERS) {
        const want = EXPECTED[order.key][order.reverse ? 'desc' : 'asc'];
        assert.equal(names(await without(client, ['SORT'], () => sortedUids(client, {}, order))), want, `no SORT, ${order.key}`);
        assert.equal(names(await without(client, ['ESORT', 'ESEARCH'], () => sortedUids(client, {}, order))), want, `no ESORT, ${order.key}`);
        assert.equal(names(await without(client, ['SORT', 'ESEARCH'], () => sortedUids(client, {}, order))), want, `neither, ${order.key}`);
      }
    });
  });

  it('sorts only the messages that match a search', async () => {
    await session.withMailbox('INBOX', async (client) => {
      const budget: MessageQuery = { subject: 'budget' };
      assert.equal(names(await sortOnServer(client, budget, sortOrder('date'))), 'A F C B');
      assert.equal(names(await sortInPostern(client, budget, sortOrder('date'))), 'A F C B');
      assert.equal(names(await sortOnServer(client, { text: 'nobody matches this' }, sortOrder('size'))), '');
      assert.equal(names(await sortInPostern(client, { text: 'nobody matches this' }, sortOrder('size'))), '');
    });
  });

  it('pages through a sorted list: each page in order, fetched by UID', async () => {
    const first = await listMessages(session, 'INBOX', { page: 1, pageSize: 4, sort: sortOrder('size', 'asc') });
    const third = await listMessages(session, 'INBOX', { page: 3, pageSize: 4, sort: sortOrder('size', 'asc') });
    assert.equal(first.total, 9);
    assert.equal(first.pageCount, 3);
    assert.equal(names(first.messages.map((m) => m.uid)), 'B D G A');
    assert.equal(names(third.messages.map((m) => m.uid)), 'H');
    assert.deepEqual(first.messages.map((m) => m.size), [500, 500, 550, 600]);
  });

  it('sends no SEARCH or SORT for the newest-first page, one UID SORT for a sorted one, and nothing for either again', async () => {
    const sent: string[] = [];
    await session.withMailbox('INBOX', async (client) => {
      const c = client as unknown as { exec: (command: string, ...rest: unknown[]) => Promise<unknown> };
      const exec = c.exec;
      c.exec = function (command, ...rest) {
        sent.push(command);
        return exec.call(this, command, ...rest);
      };
    });
    // IDLE is the connection going back to watching the mailbox after a command: not part of the page.
    const commands = () => sent.splice(0).filter((c) => c !== 'IDLE');
    const newest = await listMessages(session, 'INBOX', { page: 1, pageSize: 50 });
    assert.equal(newest.messages.length, 9);
    assert.ok(commands().every((c) => c === 'UID FETCH'), 'rows the cache lacks, by UID');
    assert.deepEqual(await listMessages(session, 'INBOX', { page: 1, pageSize: 50 }), newest);
    assert.deepEqual(commands(), [], 'the same page again, while INBOX is watched');
    await listMessages(session, 'INBOX', { page: 1, pageSize: 50, query: { unseen: true }, sort: sortOrder('subject') });
    assert.deepEqual(commands(), ['UID SORT'], 'the rows are cached already');
    const bySubject = await listMessages(session, 'INBOX', { page: 1, pageSize: 50, sort: sortOrder('subject') });
    assert.deepEqual(commands(), ['UID SORT']);
    assert.deepEqual(await listMessages(session, 'INBOX', { page: 1, pageSize: 50, sort: sortOrder('subject') }), bySubject);
    assert.deepEqual(commands(), []);
  });
});

describe('Postern sorts the demo mailbox exactly as Dovecot does', () => {
  let session: MailSession;
  before(async () => {
    session = await sessionOf(await demoUser());
  });
  after(() => session.close());

  const queries: [string, MessageQuery][] = [
    ['everything', {}], ['a non-ASCII search', { text: 'Grüße' }], ['unread mail', { unseen: true }],
    ['mail with attachments', { attachment: true }], ['a Japanese search', { text: '東京' }],
  ];
  for (const mailbox of ['INBOX', 'Sent', 'Projects/Postern']) {
    it(`gives the same order as UID SORT in ${mailbox} for every key, both orders and several searches`, async () => {
      await session.withMailbox(mailbox, async (client) => {
        for (const order of ORDERS) {
          for (const [what, query] of queries) {
            const server = await sortOnServer(client, query, order);
            const postern = await sortInPostern(client, query, order);
            assert.deepEqual(postern, server, `${mailbox}, ${what}, ${order.key} ${order.reverse ? 'desc' : 'asc'}`);
          }
        }
        assert.ok((await sortOnServer(client, {}, sortOrder('date'))).length > 0);
      });
    });
  }
});

describe('RFC 5256 base subjects and i;unicode-casemap', () => {
  const cases: [string, string][] = [
    ['Re: Lunch', 'LUNCH'],
    ['RE: re: Fwd: FW: lunch', 'LUNCH'],
    ['Re[2]: Lunch', 'LUNCH'],
    ['Re [postern]: Lunch', 'LUNCH'],
    ['[postern] Re: Lunch', 'LUNCH'],
    ['[postern] [dev] Lunch', 'LUNCH'],
    ['[postern]', '[POSTERN]'],
    ['Lunch (fwd)', 'LUNCH'],
    ['Lunch (fwd) (FWD)  ', 'LUNCH'],
    ['[Fwd: Re: Lunch]', 'LUNCH'],
    ['Fwd: [fwd: [fwd: Lunch]]', 'LUNCH'],
    ['Re:Lunch', 'LUNCH'],
    ['Report: Lunch', 'REPORT: LUNCH'],
    ['Fwdx: Lunch', 'FWDX: LUNCH'],
    ['  Lunch\t\ton   Thursday ', 'LUNCH ON THURSDAY'],
    ['Re: [unclosed Lunch', '[UNCLOSED LUNCH'],
    ['', ''],
  ];
  for (const [subject, base] of cases) {
    it(`takes "${subject}" to "${base}"`, () => assert.equal(baseSubject(casemap(subject)), base));
  }

  it('titlecases and decomposes as Dovecot does for the scripts mail comes in', () => {
    assert.equal(casemap('Grüße'), 'GRU\u0308ßE');
    assert.equal(casemap('Отчёт'), 'ОТЧЕ\u0308Т');
    assert.equal(casemap('ｶ①ﬁ'), 'カ1fi');
    assert.equal(casemap('東京'), '東京');
  });
});

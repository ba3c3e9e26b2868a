// What one message adds to the book, and how a run's findings join the stored book.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressedMessage } from '../../src/mail/reading/message-addresses.ts';
import { headerFields, isAutomated } from '../../src/mail/reading/message-addresses.ts';
import { applyScan, applySent, type FolderScan } from '../../src/contacts/book-update.ts';
import { closeBook, contactBookSchema, openBook, type ContactBook } from '../../src/contacts/contact-book.ts';
import { eventsOf, isRobotAddress } from '../../src/contacts/harvest.ts';

const NOW = 1_800_000_000;
const msg = (over: Partial<AddressedMessage>): AddressedMessage => ({
  uid: 1, date: new Date((NOW - 60) * 1000), messageId: '<m1@x>', from: [], replyTo: [], to: [], cc: [], bcc: [],
  automated: false, junk: false, ...over,
});
const who = (address: string, name = '') => ({ address, name });
const addressesOf = (r: ReturnType<typeof eventsOf>) => r.events.map((e) => `${e.kind}:${e.address}:${e.name}`);

describe('eventsOf', () => {
  it('counts To, Cc and Bcc of Sent mail as written to, and learns the From as the user\'s own', () => {
    const r = eventsOf('sent', msg({ from: [who('Me@Home.org')], to: [who('ana@x.org', 'Ana')], cc: [who('BO@X.ORG')], bcc: [who('cy@x.org')] }), new Set(), NOW);
    assert.deepEqual(addressesOf(r), ['sent:ana@x.org:Ana', 'sent:bo@x.org:', 'sent:cy@x.org:']);
    assert.deepEqual(r.own, ['me@home.org']);
    assert.equal(r.events[0]!.at, NOW - 60);
  });

  it('counts the sender of INBOX mail, and Reply-To when it differs, once each', () => {
    const r = eventsOf('inbox', msg({ from: [who('ana@x.org', 'Ana')], replyTo: [who('ana@x.org', 'Ana')], to: [who('me@home.org')] }), new Set(), NOW);
    assert.deepEqual(addressesOf(r), ['received:ana@x.org:Ana']);
    const form = eventsOf('inbox', msg({ from: [who('noreply@shop.example')], replyTo: [who('client@y.org', 'Client')] }), new Set(), NOW);
    assert.deepEqual(addressesOf(form), ['received:client@y.org:Client']);
  });

  it('skips lists, robots, junk, the user\'s own addresses and unusable addresses', () => {
    const own = new Set(['me@home.org']);
    for (const m of [
      msg({ from: [who('news@list.example')], automated: true }),
      msg({ from: [who('spam@spam.example')], junk: true }),
      msg({ from: [who('me@home.org')] }),
      msg({ from: [who('MAILER-DAEMON@mx.example')] }),
      msg({ from: [who('no-reply@service.example')] }),
      msg({ from: [who('bounces+123@list.example')] }),
      msg({ from: [who('not an address')] }),
      msg({ from: [who('a,b@x.org')] }),
    ]) assert.deepEqual(eventsOf('inbox', m, own, NOW).events, [], JSON.stringify(m.from));
  });

  it('never dates a message in the future', () => {
    const r = eventsOf('inbox', msg({ from: [who('a@x.org')], date: new Date((NOW + 9999) * 1000) }), new Set(), NOW);
    assert.equal(r.events[0]!.at, NOW);
  });

  it('knows robot addresses', () => {
    for (const a of ['noreply@x.org', 'no_reply@x.org', 'do-not-reply@x.org', 'DoNotReply@x.org', 'postmaster@x.org', 'bounce@x.org']) assert.ok(isRobotAddress(a), a);
    for (const a of ['norah@x.org', 'replyguy@x.org', 'bouncy@x.org']) assert.ok(!isRobotAddress(a), a);
  });
});

describe('list and robot headers', () => {
  const table: [string, boolean][] = [
    ['List-Id: <team.lists.example>\r\n\r\n', true],
    ['List-Unsubscribe: <mailto:u@x>\r\n', true],
    ['Precedence: bulk\r\n', true],
    ['Precedence: list\r\n', true],
    ['Auto-Submitted: auto-replied\r\n', true],
    ['Auto-Submitted: no\r\n', false],
    ['Auto-Submitted:\r\n no\r\n', false],
    ['', false],
  ];
  for (const [block, automated] of table) {
    it(JSON.stringify(block), () => assert.equal(isAutomated(headerFields(Buffer.from(block, 'latin1'))), automated));
  }
});

const empty = (): ContactBook => openBook(contactBookSchema.parse({}));
const scan = (over: Partial<FolderScan>): FolderScan => ({ role: 'sent', path: 'Sent', uidValidity: 7, windows: [[1, 10]], events: [], own: [], ...over });
const event = (uid: number, address: string, messageId = `<${uid}@x>`) => ({ uid, messageId, address, name: '', kind: 'sent' as const, at: NOW });

describe('applyScan', () => {
  it('counts each message once, even when another gatherer read it first', () => {
    const book = empty();
    applyScan(book, scan({ events: [event(3, 'a@x.org')] }));
    applyScan(book, scan({ windows: [[1, 12]], events: [event(3, 'a@x.org'), event(11, 'a@x.org')] }));
    assert.equal(book.contacts.get('a@x.org')!.sent, 2);
    assert.deepEqual(book.folders.sent!.ranges, [[1, 12]]);
  });

  it('starts the folder over when its UIDVALIDITY changed', () => {
    const book = empty();
    applyScan(book, scan({ windows: [[1, 100]], events: [event(3, 'a@x.org')] }));
    applyScan(book, scan({ uidValidity: 8, windows: [[1, 5]], events: [event(3, 'b@x.org')] }));
    assert.deepEqual(book.folders.sent, { path: 'Sent', uidValidity: 8, ranges: [[1, 5]] });
    assert.equal(book.contacts.get('b@x.org')!.sent, 1);
  });

  it('does not count again what Postern counted when it sent it, and forgets that it did', () => {
    const book = empty();
    applySent(book, { messageId: '<sent@x>', recipients: [] }, [{ address: 'a@x.org', name: 'A', kind: 'sent', at: NOW }]);
    assert.deepEqual(book.pending, ['<sent@x>']);
    applyScan(book, scan({ events: [event(4, 'a@x.org', '<sent@x>'), event(5, 'a@x.org')] }));
    assert.equal(book.contacts.get('a@x.org')!.sent, 2);
    assert.deepEqual(book.pending, []);
  });

  it('learns the user\'s own addresses and drops them from the contacts', () => {
    const book = empty();
    applyScan(book, scan({ role: 'inbox', path: 'INBOX', events: [{ ...event(1, 'me@home.org'), kind: 'received' }] }));
    assert.ok(book.contacts.has('me@home.org'));
    applyScan(book, scan({ own: ['me@home.org'] }));
    assert.ok(!book.contacts.has('me@home.org'));
    assert.deepEqual(book.own, ['me@home.org']);
  });

  it('says when nothing changed, so nothing is written', () => {
    const book = empty();
    assert.equal(applyScan(book, scan({})), true, 'the first progress is worth writing');
    assert.equal(applyScan(book, scan({ windows: [] })), false);
  });

  it('round-trips through the stored form, and keeps fields of newer versions', () => {
    const stored = contactBookSchema.parse({ a: [['a@x.org', 'A', 1, 2, NOW], ['bad'], ['b@x.org', 'B', -1, 0, 0]], f: { sent: { p: 'Sent', v: 7, r: [[1, 9]] } }, future: { x: 1 } });
    const book = openBook(stored);
    assert.deepEqual([...book.contacts.keys()], ['a@x.org'], 'entries that do not fit are dropped alone');
    assert.deepEqual(closeBook(book, [...book.contacts.values()]), { future: { x: 1 }, a: [['a@x.org', 'A', 1, 2, NOW]], f: { sent: { p: 'Sent', v: 7, r: [[1, 9]] } }, p: [], s: [] });
  });
});

// Frecency: how often and how lately, and what the book keeps when it is full.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { entryBytes, MAX_BOOK_BYTES, MAX_CONTACTS, type Contact } from '../../src/contacts/contact-book.ts';
import { applyEvent, cleanName, HALF_LIFE_SECONDS, score, trimContacts } from '../../src/contacts/frecency.ts';

const NOW = 1_800_000_000;
const DAY = 86_400;
const contact = (address: string, sent: number, received: number, daysAgo: number, name = ''): Contact =>
  ({ address, name, sent, received, last: NOW - daysAgo * DAY });

describe('score', () => {
  const table: [string, Contact, Contact][] = [
    ['writing counts more than receiving', contact('a@x.org', 1, 0, 0), contact('b@x.org', 0, 3, 0)],
    ['more messages count more', contact('a@x.org', 3, 0, 5), contact('b@x.org', 1, 0, 5)],
    ['lately beats long ago at the same count', contact('a@x.org', 2, 0, 1), contact('b@x.org', 2, 0, 100)],
    ['a friend written to 30 times ranks above this week\'s colleague for months', contact('a@x.org', 30, 0, 200), contact('b@x.org', 2, 0, 3)],
    ['... but not for ever', contact('b@x.org', 2, 0, 3), contact('a@x.org', 30, 0, 300)],
  ];
  for (const [name, higher, lower] of table) {
    it(name, () => assert.ok(score(higher, NOW) > score(lower, NOW), `${score(higher, NOW)} > ${score(lower, NOW)}`));
  }

  it('halves every half-life', () => {
    const c = contact('a@x.org', 1, 0, 0);
    assert.equal(score({ ...c, last: NOW - HALF_LIFE_SECONDS }, NOW), score(c, NOW) / 2);
  });
});

describe('applyEvent', () => {
  it('counts, keeps the newest time, and the name of the newest message that had one', () => {
    const book = new Map<string, Contact>();
    applyEvent(book, { address: 'Ana@Example.org', name: 'Ana', kind: 'received', at: NOW - 10 });
    applyEvent(book, { address: 'ana@example.org', name: 'Ana Lima', kind: 'sent', at: NOW });
    // an older message, read later (gathering goes backwards), does not change the name
    applyEvent(book, { address: 'ana@example.org', name: 'A. Lima (old)', kind: 'received', at: NOW - 1000 });
    applyEvent(book, { address: 'ana@example.org', name: '', kind: 'sent', at: NOW - 5 });
    assert.deepEqual(book.get('ana@example.org'), { address: 'ana@example.org', name: 'Ana Lima', sent: 2, received: 2, last: NOW });
  });
});

describe('cleanName', () => {
  const table: [string, string, string][] = [
    ['  Ana   Lima ', 'ana@x.org', 'Ana Lima'],
    ['"Lima, Ana"', 'ana@x.org', 'Lima, Ana'],
    ['ana@x.org', 'ana@x.org', ''],
    ['ANA@X.ORG', 'ana@x.org', ''],
    ['someone else@y.org via list', 'ana@x.org', ''],
    ['Ana\r\nBcc: evil', 'ana@x.org', 'Ana Bcc: evil'],
    ['x'.repeat(100), 'ana@x.org', 'x'.repeat(64)],
    ['😀'.repeat(70), 'ana@x.org', '😀'.repeat(64)],
  ];
  for (const [raw, address, expected] of table) {
    it(`${JSON.stringify(raw.slice(0, 20))} -> ${JSON.stringify(expected.slice(0, 20))}`, () => assert.equal(cleanName(raw, address), expected));
  }
});

describe('trimContacts', () => {
  it('keeps at most MAX_CONTACTS, dropping the lowest scores', () => {
    const all = Array.from({ length: MAX_CONTACTS + 100 }, (_, i) => contact(`p${i}@example.org`, 0, 1, i));
    const kept = trimContacts(all, NOW);
    assert.equal(kept.length, MAX_CONTACTS);
    assert.equal(kept[0]!.address, 'p0@example.org');
    assert.ok(!kept.some((c) => c.address === `p${MAX_CONTACTS + 50}@example.org`), 'the oldest went');
  });

  it('stays within MAX_BOOK_BYTES even when every entry is as long as allowed', () => {
    const long = (i: number) => contact(`${String(i).padStart(6, '0')}${'l'.repeat(58)}@${'d'.repeat(180)}.example`, 1, 1, i % 50, '名'.repeat(64));
    const all = Array.from({ length: MAX_CONTACTS }, (_, i) => long(i));
    const kept = trimContacts(all, NOW);
    const bytes = kept.reduce((sum, c) => sum + entryBytes(c), 0);
    assert.ok(bytes <= MAX_BOOK_BYTES, `${bytes} bytes`);
    assert.ok(kept.length < MAX_CONTACTS && kept.length > 300, `${kept.length} kept`);
  });
});

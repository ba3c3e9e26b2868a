// Matching and ranking of suggestions: prefixes of name words and address parts, without case or accents.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Contact } from '../../src/contacts/contact-book.ts';
import { fold, queryWords, suggest } from '../../src/contacts/matching.ts';

const NOW = 1_800_000_000;
const c = (address: string, name: string, sent = 1, received = 0, daysAgo = 1): Contact =>
  ({ address, name, sent, received, last: NOW - daysAgo * 86_400 });

const BOOK: Contact[] = [
  c('ana.lima@example.com', 'Ana Lima', 5),
  c('jose.garcia@example.es', 'José García', 2),
  c('mueller@example.de', 'Jürgen Müller', 1),
  c('anne-marie.dupont@example.fr', "Anne-Marie O'Brien-Dupont", 1),
  c('bo@example.org', '', 0, 1),
  c('soren@example.dk', 'Søren Kierkegaard', 1),
  c('strasse@example.de', 'Hans Straße', 1),
  c('lima.beans@example.net', 'Canned Beans', 0, 1, 400),
  c('me@example.org', 'Myself', 9),
];

const addresses = (query: string, own: string[] = []) => suggest(BOOK, query, NOW, { own }).map((x) => x.address);

describe('suggest', () => {
  const table: [string, string, string[]][] = [
    ['a name word', 'lima', ['ana.lima@example.com', 'lima.beans@example.net']],
    ['the start of a name', 'an', ['ana.lima@example.com', 'anne-marie.dupont@example.fr']],
    ['case does not matter', 'LIMA', ['ana.lima@example.com', 'lima.beans@example.net']],
    ['accents do not matter', 'jose gar', ['jose.garcia@example.es']],
    ['umlauts fold to the plain letter', 'muller', ['mueller@example.de']],
    ['accented query finds plain text too', 'mü', ['mueller@example.de']],
    ['ø folds to o', 'soren', ['soren@example.dk']],
    ['ß folds to ss', 'strass', ['strasse@example.de']],
    ['parts of hyphenated names', 'marie', ['anne-marie.dupont@example.fr']],
    ['apostrophes split words', 'brien', ['anne-marie.dupont@example.fr']],
    ['an address part', 'garcia@', ['jose.garcia@example.es']],
    ['a whole address', 'bo@example.org', ['bo@example.org']],
    ['the domain', 'example.dk', ['soren@example.dk']],
    ['every word must match', 'ana dupont', []],
    ['words in any order', 'lima ana', ['ana.lima@example.com']],
    ['the middle of a word is not a match', 'ima', []],
    ['typed with quote and bracket', '"Ana Lima" <ana', ['ana.lima@example.com']],
    ['nothing typed, nothing suggested', '   ', []],
  ];
  for (const [name, query, expected] of table) {
    it(`${name}: ${JSON.stringify(query)}`, () => assert.deepEqual(addresses(query), expected));
  }

  it('ranks by frecency among the matches', () => {
    const book = [c('a1@x.org', 'Sam Old', 10, 0, 720), c('a2@x.org', 'Sam Often', 10, 0, 2), c('a3@x.org', 'Sam Once', 1, 0, 2)];
    assert.deepEqual(suggest(book, 'sam', NOW).map((x) => x.address), ['a2@x.org', 'a3@x.org', 'a1@x.org']);
  });

  it('never suggests the user\'s own addresses', () => {
    assert.deepEqual(addresses('my'), ['me@example.org']);
    assert.deepEqual(addresses('my', ['ME@example.org']), []);
  });

  it('gives at most ten', () => {
    const many = Array.from({ length: 30 }, (_, i) => c(`kim${i}@x.org`, `Kim ${i}`));
    assert.equal(suggest(many, 'kim', NOW).length, 10);
  });
});

describe('fold and queryWords', () => {
  it('folds case, accents and special letters', () => assert.equal(fold('ÉLODIE Łukasz Ærø Straße İ'), 'elodie lukasz aero strasse i'));
  it('splits on spaces, commas and address punctuation, and keeps at most six words', () => {
    assert.deepEqual(queryWords('"Lima, Ana" <ana@'), ['lima', 'ana', 'ana@']);
    assert.equal(queryWords('a b c d e f g h').length, 6);
  });
});
